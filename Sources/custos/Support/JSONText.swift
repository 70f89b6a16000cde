internal import CustosSupport

/// Assembles the CLI's one-line JSON documents (members in the order given, `, ` between them) from values that
/// are JSON text already (numbers, booleans, nested documents) and strings quoted by `JSONWriter.quote`.
enum JSONText {
    /// A JSON string, or `null`.
    static func optional(_ text: String?) -> String {
        text.map(JSONWriter.quote) ?? "null"
    }

    /// A JSON array of strings.
    static func strings(_ items: [String]) -> String {
        "[" + items.map(JSONWriter.quote).joined(separator: ", ") + "]"
    }

    /// A JSON array of problem objects (`{"code": ..., "message": ..., ...}`).
    static func problems(_ items: [Problem]) -> String {
        "[" + items.map { JSONWriter.compact($0.json) }.joined(separator: ", ") + "]"
    }

    /// A JSON object of members whose values are JSON text already.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { JSONWriter.quote($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }
}
