/// A parsed JSON document that keeps what TUF's canonical JSON needs: integers distinct from other numbers and from
/// booleans, object members in the order written, and strings exactly as decoded (no Unicode normalisation).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case integer(Int64)
    /// Any other number, kept as written. Canonical JSON refuses it; policy files may use it.
    case decimal(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A short name of the value's kind for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .decimal: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public let key: String
    public let value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }

    public static func == (lhs: JSONMember, rhs: JSONMember) -> Bool {
        UTF8Bytes.equal(lhs.key, rhs.key) && lhs.value == rhs.value
    }
}

/// A JSON object: members in document order, keys unique byte for byte (the parser refuses duplicates).
///
/// Keys are compared by their UTF-8 bytes, never with `String ==`, which would treat NFC and NFD spellings of the
/// same text as equal.
public struct JSONObject: Sendable, Equatable {
    public let members: [JSONMember]
    /// True when the keys are known to be in strictly increasing byte order (canonical order), so canonical
    /// encoding need not sort them.
    let keysAscending: Bool

    public init(members: [JSONMember]) {
        self.init(members: members, keysAscending: false)
    }

    init(members: [JSONMember], keysAscending: Bool) {
        self.members = members
        self.keysAscending = keysAscending
    }

    /// The value of the member whose key has exactly these UTF-8 bytes.
    public subscript(key: String) -> JSONValue? {
        for member in members where UTF8Bytes.equal(member.key, key) {
            return member.value
        }
        return nil
    }

    public var count: Int { members.count }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }
}

extension JSONValue {
    /// Builds an object value from key-value pairs in order (for output documents).
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(JSONObject(members: pairs.map { JSONMember(key: $0.key, value: $0.value) }))
    }

    public static func objectFromMembers(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(members: members.map { JSONMember(key: $0.0, value: $0.1) }))
    }
}
