internal import FoundationEssentials

/// The `--json` documents the CLI writes from `Encodable` types (psbt inspect, migrate plan and status, audit
/// verify): keys sorted, indented, `/` left unescaped, so every such document has one layout.
enum JSONDocument {
    static func text(_ document: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
