import CustosCrypto
import CustosTestSupport
import Foundation
import QR
import Testing

@Suite("BBQr vectors")
struct BBQrVectorTests {
    @Test("90 reference splits: version, encoding, part count, lengths and the parts byte for byte")
    func referenceSplits() throws {
        let vectors: [[String: Any]] = try field(try qrVectors("bbqr/reference-splits.json"), "vectors")
        var passed = 0
        for vector in vectors {
            let file = try SharedVectors.data("qr/" + (try field(vector, "file", as: String.self)))
            let options: [String: Int] = try field(vector, "options")
            let typeLetter: String = try field(vector, "file_type")
            let requested: String = try field(vector, "requested_encoding")
            guard let fileType = BBQrFileType(letter: Character(typeLetter)),
                let encoding = BBQrEncoding(letter: Character(requested))
            else { throw TestDataError("bad type or encoding letter") }
            let series = try BBQrSplitter.split(
                Array(file), fileType: fileType, encoding: encoding,
                options: BBQrSplitOptions(
                    minimumVersion: options["min_version"] ?? 5, maximumVersion: options["max_version"] ?? 40,
                    minimumParts: options["min_split"] ?? 1, maximumParts: options["max_split"] ?? 1295))
            let name = "\(vector["file"] ?? "") \(requested)"
            #expect(series.version == (try field(vector, "expected_version", as: Int.self)), "\(name)")
            #expect(String(series.encoding.letter) == (try field(vector, "expected_encoding", as: String.self)))
            #expect(series.parts.count == (try field(vector, "expected_num_parts", as: Int.self)), "\(name)")
            #expect(series.parts.map(\.count) == (try field(vector, "expected_part_lengths", as: [Int].self)))
            let digest = SHA256.hash(Array(series.parts.joined(separator: "\n").utf8)).hexString
            #expect(digest == (try field(vector, "expected_parts_sha256", as: String.self)), "\(name)")
            if let parts = vector["expected_parts"] as? [String] { #expect(series.parts == parts, "\(name)") }
            // And back: every split joins to the same file.
            let joined = try BBQrJoiner.join(series.parts.reversed())
            #expect(joined.bytes == Array(file), "\(name)")
            if digest == vector["expected_parts_sha256"] as? String { passed += 1 }
        }
        reportVectorCount("bbqr/reference-splits.json", passed: passed, total: vectors.count)
        #expect(vectors.count == 90)
        #expect(passed == vectors.count)
    }

    @Test("join cases: positive series decode, every negative case is refused")
    func joinCases() throws {
        let cases = try qrVectors("bbqr/join-cases.json")
        let positive: [[String: Any]] = try field(cases, "positive")
        var passed = 0
        var total = 0
        for vector in positive {
            if let examples = vector["header_examples"] as? [[String: Any]] {
                for example in examples {
                    total += 1
                    let header = try BBQrHeader(parsing: Array((try field(example, "header", as: String.self)).utf8))
                    #expect(header.total == (try field(example, "total", as: Int.self)))
                    #expect(header.index == (try field(example, "index", as: Int.self)))
                    if header.text == example["header"] as? String { passed += 1 }
                }
                continue
            }
            total += 1
            let parts: [String]
            if let path = vector["parts_file"] as? String {
                parts = String(decoding: try SharedVectors.data("qr/" + path), as: UTF8.self)
                    .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
            } else {
                parts = try field(vector, "parts")
            }
            let joined = try BBQrJoiner.join(parts)
            #expect(String(joined.fileType.letter) == (try field(vector, "expected_file_type", as: String.self)))
            if let hex = vector["expected_hex"] as? String {
                #expect(joined.bytes.hexString == hex, "\(vector["name"] ?? "")")
                if joined.bytes.hexString == hex { passed += 1 }
            } else {
                #expect(joined.bytes.count == (try field(vector, "expected_len", as: Int.self)))
                let digest = SHA256.hash(joined.bytes).hexString
                #expect(digest == (try field(vector, "expected_sha256", as: String.self)))
                if digest == vector["expected_sha256"] as? String { passed += 1 }
            }
        }
        let negative: [[String: Any]] = try field(cases, "negative")
        for vector in negative {
            total += 1
            let parts: [String] = try field(vector, "parts")
            #expect(throws: QRCodecError.self, "\(vector["name"] ?? "")") { try BBQrJoiner.join(parts) }
            if (try? BBQrJoiner.join(parts)) == nil { passed += 1 }
        }
        reportVectorCount("bbqr/join-cases.json", passed: passed, total: total)
        #expect(negative.count == 18)
        #expect(passed == total)
    }

    @Test("joiner reports missing parts and refuses a series switch")
    func joinerProgress() throws {
        var joiner = BBQrJoiner()
        try joiner.add("B$HB030242517221")
        #expect(joiner.missingIndexes == [0, 1])
        #expect(throws: QRCodecError.incomplete(missing: 2, total: 3)) { try joiner.result() }
        #expect(throws: QRCodecError.self) { try joiner.add("B$HU030048656C6C") }
        #expect(try joiner.add("B$HB030242517221") == false)
    }

    @Test("Z compresses raw deflate and inflates only complete, bounded streams")
    func rawDeflateWindow() throws {
        let text = Array(String(repeating: "The BBQr Protocol ", count: 400).utf8)
        let compressed = try RawDeflate.compress(text)
        #expect(compressed.count < text.count)
        #expect(try RawDeflate.decompress(compressed) == text)
        #expect(throws: QRCodecError.self) { try RawDeflate.decompress(Array(compressed.dropLast(3))) }
        #expect(throws: QRCodecError.self) { try RawDeflate.decompress(text, limit: 10) }
        // Trailing bytes after the stream's end are refused too.
        #expect(throws: QRCodecError.self) { try RawDeflate.decompress(compressed + [0]) }
        #expect(throws: QRCodecError.tooLarge("inflated data above 100 bytes")) {
            try RawDeflate.decompress(compressed, limit: 100)
        }
    }
}
