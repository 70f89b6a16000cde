internal import CustosCrypto
internal import QR

/// `qr-roundtrip`: a file through `custos qr encode`'s library path (parts → libqrencode frames → PNG) and back
/// (PNG → zbar → the series decoder), expecting the same bytes; or a file of part strings through the decoder,
/// expecting a refusal or an incomplete series.
enum QRRoundTripCase: LabCaseKind {
    static let name = "qr-roundtrip"
    static let fileLimit = QRLimits.maximumFileBytes * 3

    struct Input: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case file
            case fileSHA256 = "file_sha256"
            case parts
            case partsSHA256 = "parts_sha256"
            case format
            case maxVersion = "max_version"
            case omitParts = "omit_parts"
            case scanOrder = "scan_order"
        }
        /// The file to send (round trip), or
        let file: String?
        let fileSHA256: String?
        /// a file of part strings, one per line, to decode as scanned.
        let parts: String?
        let partsSHA256: String?
        /// bbqr or ur (round trip only).
        let format: String?
        let maxVersion: Int?
        /// 0-based frames lost on the way (round trip only).
        let omitParts: [Int]?
        /// forward (default) or reverse.
        let scanOrder: String?
    }

    enum Verdict: String, Decodable, Sendable {
        /// Reassembled bytes equal the file's bytes (SHA-256 compared).
        case identical
        /// The series was well formed but parts are missing.
        case incomplete
        /// A part or the series was refused.
        case refused
    }

    struct Expected: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case verdict, parts, version, kind, sha256, missing
            case problemsContain = "problems_contain"
        }
        let verdict: Verdict
        let parts: Int?
        let version: Int?
        let kind: String?
        let sha256: String?
        let missing: Int?
        let problemsContain: [String]?
    }

    static func run(input: Input, expected: Expected, context: CaseContext) async throws(LabCaseError) -> CaseOutcome {
        var outcome = CaseOutcome()
        var scanned: [String]
        var original: [UInt8]?
        switch (input.file, input.parts) {
        case (let file?, nil):
            let read = try context.read("input.file", file, pinnedSHA256: input.fileSHA256, limit: fileLimit)
            outcome.record("file", read.path)
            outcome.record("file SHA-256", read.sha256)
            guard let format = QRTransportFormat(rawValue: input.format ?? "") else {
                throw .invalidField("input.format must be bbqr or ur")
            }
            do {
                let (kind, bytes) = QRFileEncoder.classify(read.bytes)
                original = bytes
                let parts = try QRFileEncoder.parts(
                    bytes, kind: kind, format: format, maximumVersion: input.maxVersion ?? format.defaultMaximumVersion)
                let symbols = try QRSymbol.series(parts)
                outcome.record("parts", "\(parts.count)")
                outcome.record("QR version", "\(symbols.first?.version ?? 0)")
                outcome.check("parts", expected: expected.parts.map(String.init), actual: String(parts.count))
                outcome.check(
                    "version", expected: expected.version.map(String.init),
                    actual: symbols.first.map { String($0.version) })
                scanned = []
                for (index, symbol) in symbols.enumerated() where !(input.omitParts ?? []).contains(index) {
                    let png = try PNG.encode(GrayImage(symbol))
                    let texts = try QRScanner.scanPNG(png)
                    if texts != [parts[index]] { outcome.record("problem", "frame \(index + 1) scanned as \(texts)") }
                    scanned += texts
                }
                outcome.record("frames scanned", "\(scanned.count) (zbar, from PNG)")
            } catch {
                outcome.record("problem", error.description)
                outcome.check("verdict", expected: expected.verdict.rawValue, actual: Verdict.refused.rawValue)
                outcome.checkProblems(expected.problemsContain, in: [error.description])
                return outcome
            }
        case (nil, let parts?):
            let read = try context.read("input.parts", parts, pinnedSHA256: input.partsSHA256, limit: fileLimit)
            outcome.record("parts file", read.path)
            scanned = String(decoding: read.bytes, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        default:
            throw .invalidField("give exactly one of input.file and input.parts")
        }
        if input.scanOrder == "reverse" { scanned.reverse() }
        var assembler = QRAssembler()
        do {
            for text in scanned where !text.isEmpty && !assembler.isComplete { try assembler.add(text) }
            let payload = try assembler.result()
            let digest = SHA256.hash(payload.bytes).hexString
            outcome.record("reassembled", "\(payload.kind.rawValue), \(payload.bytes.count) bytes, SHA-256 \(digest)")
            let identical = original.map { $0 == payload.bytes } ?? true
            outcome.check("verdict", expected: expected.verdict.rawValue, actual: identical ? "identical" : "refused")
            outcome.check("kind", expected: expected.kind, actual: payload.kind.rawValue)
            outcome.check("sha256", expected: expected.sha256?.lowercased(), actual: digest)
            outcome.checkProblems(expected.problemsContain, in: identical ? [] : ["the bytes differ from the file"])
        } catch {
            outcome.record("problem", error.description)
            let verdict: Verdict
            if case .incomplete(let missing, _) = error {
                verdict = .incomplete
                outcome.check("missing", expected: expected.missing.map(String.init), actual: String(missing))
            } else {
                verdict = .refused
            }
            outcome.check("verdict", expected: expected.verdict.rawValue, actual: verdict.rawValue)
            outcome.checkProblems(expected.problemsContain, in: [error.description])
        }
        return outcome
    }
}
