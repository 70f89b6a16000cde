/// A JSON document as read, before typed decoding: the runner uses it to refuse unknown field names, so a typo in a
/// case file ("fingreprint") fails the case instead of silently checking nothing.
enum JSONValue: Decodable, Equatable, Sendable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The object's fields, or nil when the value is not an object.
    var fields: [String: JSONValue]? {
        if case .object(let fields) = self { return fields }
        return nil
    }
}
