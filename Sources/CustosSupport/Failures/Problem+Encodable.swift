/// A problem in an `Encodable` report: the object `json` describes, member for member.
extension Problem: Encodable {
    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(code.name, forKey: Key(stringValue: "code"))
        try container.encode(message, forKey: Key(stringValue: "message"))
        for entry in context where entry.key != "code" && entry.key != "message" {
            try container.encode(entry.value, forKey: Key(stringValue: entry.key))
        }
    }
}
