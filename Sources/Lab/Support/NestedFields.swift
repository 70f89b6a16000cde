/// Strict field names for objects nested in `input` or `expected` (list entries such as a signature or an
/// approval): the runner checks the top level of those two sections, and a nested object's decoder calls this so
/// that a misspelt field fails the case instead of being ignored.
enum NestedFields {
    static func requireKnown(_ known: [String], in what: String, decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = container.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(
                forKey: unknown, in: container,
                debugDescription: "unknown field \(unknown.stringValue) (\(what) knows: "
                    + known.joined(separator: ", ") + ")")
        }
    }
}

/// Any field name, to list the ones an object has.
private struct AnyKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
