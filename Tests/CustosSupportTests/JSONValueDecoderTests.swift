import CustosSupport
import Foundation
import Testing

/// The strict decoder against Foundation's JSONDecoder as the oracle on well-formed documents (same values, same
/// kinds of error), and its own refusals where Foundation is lenient.
@Suite("JSON value decoder")
struct JSONValueDecoderTests {
    struct Sample: Codable, Equatable {
        let name: String
        let count: UInt32
        let total: Int64
        let ratio: Double
        let flags: [Bool]
        let nested: [String: String]
        let optional: Int?
        let big: UInt64
    }

    static let documents = [
        #"{"name": "a\u00e9\"b", "count": 7, "total": -9007199254740993, "ratio": 2.5e-3, "flags": [true, false],"#
            + #" "nested": {"k": "v", "x": ""}, "optional": null, "big": 18446744073709551615}"#,
        #"{"name": "", "count": 0, "total": 0, "ratio": 1, "flags": [], "nested": {}, "big": 0}"#,
    ]

    @Test(arguments: documents)
    func agreesWithFoundation(document: String) throws {
        let bytes = Array(document.utf8)
        let ours = try JSONValueDecoder().decode(Sample.self, from: bytes)
        let foundation = try JSONDecoder().decode(Sample.self, from: Data(bytes))
        #expect(ours == foundation)
    }

    @Test(arguments: [
        (#"{"count": 1}"#, "keyNotFound"),
        (#"[1]"#, "typeMismatch"),
        (#"{"name": 1, "count": 1, "total": 1, "ratio": 1, "flags": [], "nested": {}, "big": 1}"#, "typeMismatch"),
        (#"{"name": "", "count": -1, "total": 1, "ratio": 1, "flags": [], "nested": {}, "big": 1}"#, "dataCorrupted"),
        (#"{"name": null, "count": 1, "total": 1, "ratio": 1, "flags": [], "nested": {}, "big": 1}"#, "valueNotFound"),
    ])
    func failsAsFoundationDoes(document: String, kind: String) {
        func kindOf(_ body: () throws -> Sample) -> String {
            do {
                _ = try body()
                return "decoded"
            } catch let error as DecodingError {
                switch error {
                case .keyNotFound: return "keyNotFound"
                case .typeMismatch: return "typeMismatch"
                case .valueNotFound: return "valueNotFound"
                case .dataCorrupted: return "dataCorrupted"
                @unknown default: return "unknown"
                }
            } catch {
                return "\(error)"
            }
        }
        let bytes = Array(document.utf8)
        #expect(kindOf { try JSONValueDecoder().decode(Sample.self, from: bytes) } == kind)
        #expect(kindOf { try JSONDecoder().decode(Sample.self, from: Data(bytes)) } == kind)
    }

    /// Foundation takes the last of two equal keys; the strict parser refuses the document.
    @Test func refusesDuplicateKeysFoundationAccepts() throws {
        let bytes = Array(#"{"a": "1", "a": "2"}"#.utf8)
        #expect((try? JSONDecoder().decode([String: String].self, from: Data(bytes))) != nil)
        let error = #expect(throws: JSONError.self) {
            try JSONValueDecoder().decode([String: String].self, from: bytes)
        }
        #expect(error?.duplicateKey == "a")
    }
}
