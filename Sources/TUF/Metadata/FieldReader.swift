internal import CustosSupport

/// Reads typed fields from a metadata object, turning every schema problem into `TUFError.malformed` with the
/// field's location.
struct FieldReader {
    let object: JSONObject
    let role: String
    /// Where the object sits (`signed.targets`), and its member name there (`a/b.bin`), joined only when an error
    /// message needs them: building the text for each of thousands of targets would cost more than parsing them.
    private let base: String
    private let member: String?

    var location: String {
        guard let member else { return base }
        return base + "." + member
    }

    init(_ value: JSONValue, role: String, location: String, member: String? = nil) throws(TUFError) {
        guard case .object(let object) = value else {
            let place = member.map { location + "." + $0 } ?? location
            throw .malformed(role: role, reason: "\(place) must be an object, not \(value.kindName)")
        }
        self.init(object: object, role: role, location: location, member: member)
    }

    init(object: JSONObject, role: String, location: String, member: String? = nil) {
        self.object = object
        self.role = role
        self.base = location
        self.member = member
    }

    func fail(_ reason: String) -> TUFError {
        .malformed(role: role, reason: reason)
    }

    func value(_ key: String) throws(TUFError) -> JSONValue {
        guard let value = object[key] else { throw fail("\(location) lacks \"\(key)\"") }
        return value
    }

    func string(_ key: String) throws(TUFError) -> String {
        guard case .string(let text) = try value(key) else { throw fail("\(location).\(key) must be a string") }
        return text
    }

    func integer(_ key: String) throws(TUFError) -> Int64 {
        guard case .integer(let number) = try value(key) else {
            throw fail("\(location).\(key) must be an integer")
        }
        return number
    }

    func optionalInteger(_ key: String) throws(TUFError) -> Int64? {
        guard let found = object[key] else { return nil }
        guard case .integer(let number) = found else { throw fail("\(location).\(key) must be an integer") }
        return number
    }

    func bool(_ key: String) throws(TUFError) -> Bool {
        guard case .bool(let flag) = try value(key) else { throw fail("\(location).\(key) must be a boolean") }
        return flag
    }

    func optionalBool(_ key: String) throws(TUFError) -> Bool? {
        guard let found = object[key] else { return nil }
        guard case .bool(let flag) = found else { throw fail("\(location).\(key) must be a boolean") }
        return flag
    }

    func object(_ key: String) throws(TUFError) -> JSONObject {
        guard case .object(let found) = try value(key) else { throw fail("\(location).\(key) must be an object") }
        return found
    }

    func optionalObject(_ key: String) throws(TUFError) -> JSONObject? {
        guard let found = object[key] else { return nil }
        guard case .object(let nested) = found else { throw fail("\(location).\(key) must be an object") }
        return nested
    }

    func array(_ key: String) throws(TUFError) -> [JSONValue] {
        guard case .array(let elements) = try value(key) else { throw fail("\(location).\(key) must be an array") }
        return elements
    }

    func stringArray(_ key: String) throws(TUFError) -> [String] {
        try array(key).map { (element) throws(TUFError) -> String in
            guard case .string(let text) = element else { throw fail("\(location).\(key) must hold strings") }
            return text
        }
    }

    func optionalStringArray(_ key: String) throws(TUFError) -> [String]? {
        guard object[key] != nil else { return nil }
        return try stringArray(key)
    }

    func nested(_ key: String) throws(TUFError) -> FieldReader {
        FieldReader(object: try object(key), role: role, location: "\(location).\(key)")
    }
}
