import CustosSupport
import CustosTestSupport
import Foundation
import TUF
import Testing

@Suite("canonical JSON")
struct CanonicalJSONTests {
    /// Documents chosen for the rules that differ between JSON writers: key order by code point (not by Swift's
    /// String ordering), raw UTF-8, only `"` and `\` escaped, control characters written raw, integers only,
    /// NFC and NFD spellings kept apart.
    static let corpus: [String] = [
        #"{"b": 1, "a": [true, null, "x"], "é": 2, "Z": -3}"#,
        #"{"z": {"y": {"x": []}}, "": "", "A": {}}"#,
        #"["quote \" backslash \\ slash \/ newline \n tab \t bell \u0007 nul \u0000"]"#,
        #"{"\u00e9": 1, "e\u0301": 2, "\ud83d\ude00": 3, "\uffff": 4, "~": 5}"#,
        #"[0, -0, 9007199254740993, -9223372036854775808, 9223372036854775807]"#,
        #"{"keys": {"b": {"keyval": {"public": "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n"}}}}"#,
        #"[1.5]"#,
        #"{"a": 1e3}"#,
        #"[false, true, null, "null", "true"]"#,
        #"{"ß": "ss", "ǅ": "Dž", "ﬁ": "fi", "İ": "i̇"}"#,
        #"{"a": "\u2028\u2029", "b": "<>&'"}"#,
    ]

    @Test func matchesSecuresystemslibOnCorpus() throws {
        let oracle = try PythonOracle.run(
            script: "Tests/tuf-harness/oracles/canonical.py", ["documents"],
            standardInput: Data(("[" + Self.corpus.joined(separator: ",") + "]").utf8))
        #expect(oracle.status == 0, "\(oracle.standardError)")
        let expected = oracle.standardOutput.split(separator: "\n").map(String.init)
        try #require(expected.count == Self.corpus.count)
        var agreed = 0
        for (document, answer) in zip(Self.corpus, expected) {
            let value = try JSONParser.parse(Array(document.utf8))
            let ours: String
            do {
                ours = try CanonicalJSON.encode(value).hexString
            } catch {
                ours = "error"
            }
            #expect(ours == answer, "\(document)")
            if ours == answer { agreed += 1 }
        }
        reportVectorCount("canonical JSON corpus vs securesystemslib", passed: agreed, total: Self.corpus.count)
    }

    /// Metadata whose text is already in canonical order (python-tuf's sorted, escape-free output) takes the
    /// whitespace-stripping fast path; everything else is re-encoded from the tree. Both must give the same bytes.
    @Test func fastPathEqualsTreeEncoding() throws {
        var documents =
            Self.corpus + [
                "{\n \"a\": [\n  1,\n  2\n ],\n \"b\": {\"c\": \"d e\"}\n}", #"{"b": 1, "a": 2}"#, #"{"a": -0}"#,
                #"{"a": "x\/y"}"#, #"{"a": "quote \" and \\ backslash", "b": "é \u00e9"}"#, "{ }", "[ ]",
                #"{"a": {"z": 1, "y": 2}}"#, #"{"a": [1, 2.5]}"#, #"{"a": "tab\tnewline\n"}"#,
            ]
        for name in ["tuf-on-ci-0.11/metadata/1.root.json", "sigstore-root-signing/metadata/12.root.json"] {
            documents.append(String(decoding: try SharedVectors.data("tuf/" + name), as: UTF8.self))
        }
        var compared = 0
        for document in documents {
            let envelopeText = "{\"signatures\": [], \"signed\": \(document)}"
            let tree = try JSONParser.parse(Array(document.utf8))
            guard let expected = try? CanonicalJSON.encode(tree) else {
                #expect(throws: TUFError.self) { try SignedEnvelope(bytes: Array(envelopeText.utf8), role: "t") }
                continue
            }
            guard case .object = tree else { continue }
            let envelope = try SignedEnvelope(bytes: Array(envelopeText.utf8), role: "t")
            #expect(envelope.canonicalSigned == expected, "\(document.prefix(60))")
            compared += 1
        }
        #expect(compared >= 15)
    }

    @Test func sortsKeysByCodePointNotByStringOrder() throws {
        let value = try JSONParser.parse(Array(#"{"b": 1, "a": [true, null, "x"], "é": 2, "Z": -3}"#.utf8))
        let canonical = String(decoding: try CanonicalJSON.encode(value), as: UTF8.self)
        #expect(canonical == #"{"Z":-3,"a":[true,null,"x"],"b":1,"é":2}"#)
    }

    @Test func refusesNonIntegerNumbers() throws {
        for text in ["1.0", "1e2", "-0.5", "123456789012345678901234567890"] {
            let value = try JSONParser.parse(Array(text.utf8))
            #expect(throws: JSONError.self) { try CanonicalJSON.encode(value) }
        }
    }
}

@Suite("strict JSON parser")
struct JSONParserTests {
    @Test(arguments: [
        (#"{"a": 1, "a": 2}"#, "duplicate key"),
        (#"{"a": 1,}"#, "expected a string key"),
        (#"[1, 2,]"#, "unexpected character"),
        ("\u{FEFF}{}", "byte-order mark"),
        (#"{"a": "\ud800"}"#, "unpaired surrogate"),
        (#"{"a": "\udc00"}"#, "unpaired surrogate"),
        ("{\"a\": \"line\nbreak\"}", "control character"),
        ("[01]", "leading zero"),
        ("[1.]", "digit expected"),
        ("[-]", "invalid number"),
        ("[1e]", "digit expected in exponent"),
        ("{} {}", "unexpected content"),
        ("", "unexpected end"),
        ("[tru]", "invalid literal"),
        (#"["\x"]"#, "invalid escape"),
        (#"{"a" 1}"#, "expected ':'"),
        ("'a'", "unexpected character"),
        ("NaN", "unexpected character"),
    ])
    func refuses(input: String, reason: String) {
        #expect {
            _ = try JSONParser.parse(Array(input.utf8))
        } throws: { error in
            (error as? JSONError)?.reason.contains(reason) == true
        }
    }

    @Test func refusesInvalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22]] {
            #expect(throws: JSONError.self) { try JSONParser.parse(bytes) }
        }
    }

    @Test func duplicateKeysAreComparedByBytesNotByUnicodeEquivalence() throws {
        // "é" precomposed and decomposed are different keys to TUF (and to Python's json).
        let value = try JSONParser.parse(Array("{\"\u{E9}\": 1, \"e\u{301}\": 2}".utf8))
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.count == 2)
        #expect(object["\u{E9}"] == .integer(1))
        #expect(object["e\u{301}"] == .integer(2))
        // A duplicate among many members (the hashed path) is still found.
        let members = (0..<100).map { "\"k\($0)\": \($0)" } + ["\"k42\": 0"]
        #expect(throws: JSONError.self) {
            try JSONParser.parse(Array(("{" + members.joined(separator: ",") + "}").utf8))
        }
    }

    @Test func nestingIsBounded() throws {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONError.self) { try JSONParser.parse(Array(deep.utf8)) }
        let allowed = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try JSONParser.parse(Array(allowed.utf8))
    }

    @Test func numbersKeepIntegersDistinct() throws {
        let value = try JSONParser.parse(
            Array("[1, -1, 1.0, 1e0, true, 9223372036854775808, -9223372036854775808]".utf8))
        #expect(
            value
                == .array([
                    .integer(1), .integer(-1), .decimal("1.0"), .decimal("1e0"), .bool(true),
                    .decimal("9223372036854775808"), .integer(Int64.min),
                ]))
    }

    @Test func escapesDecode() throws {
        let value = try JSONParser.parse(Array(#"["a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"]"#.utf8))
        #expect(value == .array([.string("a\"b\\c/d\u{8}\u{C}\n\r\t\u{E9}\u{1F600}")]))
    }
}
