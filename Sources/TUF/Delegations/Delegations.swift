internal import CustosCrypto
public import CustosSupport

/// A targets role's delegations: the keys it trusts for its delegated roles, and either an ordered list of roles
/// (each with the paths it may sign) or TAP 15 succinct hash-bin roles.
public struct Delegations: Sendable {
    public let keys: [ExactString: TUFKey]
    /// In listing order, which is the order of trust during a target search.
    public let roles: [DelegatedRole]
    public let succinctRoles: SuccinctRoles?

    static let topLevelRoleNames: Set<ExactString> = ["root", "timestamp", "snapshot", "targets"]

    init(reading reader: FieldReader) throws(TUFError) {
        keys = try readKeys(try reader.object("keys"), reader: reader, location: "\(reader.location).keys")
        let listed = reader.object["roles"]
        let succinct = reader.object["succinct_roles"]
        guard (listed == nil) != (succinct == nil) else {
            throw reader.fail("\(reader.location) must have exactly one of roles and succinct_roles")
        }
        if listed != nil {
            var names: Set<ExactString> = []
            var roles: [DelegatedRole] = []
            for (index, element) in try reader.array("roles").enumerated() {
                let roleReader = try FieldReader(
                    element, role: reader.role, location: "\(reader.location).roles[\(index)]")
                let role = try DelegatedRole(reading: roleReader)
                guard !role.name.isEmpty, !Self.topLevelRoleNames.contains(ExactString(role.name)) else {
                    throw reader.fail("a delegated role cannot be empty or use a top-level role name (\(role.name))")
                }
                guard names.insert(ExactString(role.name)).inserted else {
                    throw reader.fail("role \(role.name) is delegated twice")
                }
                roles.append(role)
            }
            self.roles = roles
            succinctRoles = nil
        } else {
            roles = []
            succinctRoles = try SuccinctRoles(reading: try reader.nested("succinct_roles"))
        }
    }

    /// The delegated roles responsible for `targetPath`, in search order, with their terminating flag.
    public func roles(forTargetPath targetPath: String) -> [(name: String, terminating: Bool)] {
        if let succinctRoles {
            return [(succinctRoles.roleName(forTargetPath: targetPath), true)]
        }
        var pathHash: String?
        var matching: [(name: String, terminating: Bool)] = []
        for role in roles {
            if let prefixes = role.pathHashPrefixes {
                let hash = pathHash ?? SHA256.hash(Array(targetPath.utf8)).hexString
                pathHash = hash
                if prefixes.contains(where: { hash.utf8.starts(with: $0.utf8) }) {
                    matching.append((role.name, role.terminating))
                }
            } else if let patterns = role.pathPatterns, patterns.contains(where: { $0.matches(targetPath) }) {
                matching.append((role.name, role.terminating))
            }
        }
        return matching
    }

    /// The keys and threshold this delegator requires for `roleName`, or nil if it does not delegate to it.
    public func roleKeys(forDelegatedRole roleName: String) -> RoleKeys? {
        if let succinctRoles {
            return succinctRoles.isDelegatedRole(roleName) ? succinctRoles.keys : nil
        }
        return roles.first { UTF8Bytes.equal($0.name, roleName) }?.keys
    }
}

/// One entry of `delegations.roles`.
public struct DelegatedRole: Sendable {
    public let name: String
    public let keys: RoleKeys
    public let terminating: Bool
    /// Shell-style patterns, one per `/`-separated segment; nil when the role uses hash prefixes.
    public let paths: [String]?
    public let pathHashPrefixes: [String]?
    let pathPatterns: [PathPattern]?

    init(reading reader: FieldReader) throws(TUFError) {
        name = try reader.string("name")
        keys = try RoleKeys(reading: reader)
        terminating = try reader.bool("terminating")
        paths = try reader.optionalStringArray("paths")
        pathHashPrefixes = try reader.optionalStringArray("path_hash_prefixes")
        guard (paths == nil) != (pathHashPrefixes == nil) else {
            throw reader.fail("role \(name) must have exactly one of paths and path_hash_prefixes")
        }
        pathPatterns = paths?.map(PathPattern.init)
    }
}

/// TAP 15 hash-bin delegation: 2^bit_length terminating roles named `<prefix>-<hex bin>`, sharing keys.
public struct SuccinctRoles: Sendable {
    public let keys: RoleKeys
    public let bitLength: Int
    public let namePrefix: String
    private let suffixLength: Int

    init(reading reader: FieldReader) throws(TUFError) {
        keys = try RoleKeys(reading: reader)
        let bits = try reader.integer("bit_length")
        guard bits >= 1, bits <= 32 else { throw reader.fail("succinct_roles.bit_length must be between 1 and 32") }
        bitLength = Int(bits)
        namePrefix = try reader.string("name_prefix")
        suffixLength = String((UInt64(1) << UInt64(bitLength)) - 1, radix: 16).count
    }

    func roleName(forTargetPath targetPath: String) -> String {
        let digest = SHA256.hash(Array(targetPath.utf8))
        let leading = UInt32(digest[0]) << 24 | UInt32(digest[1]) << 16 | UInt32(digest[2]) << 8 | UInt32(digest[3])
        let bin = UInt64(leading) >> UInt64(32 - bitLength)
        let hex = String(bin, radix: 16)
        return "\(namePrefix)-" + String(repeating: "0", count: suffixLength - hex.count) + hex
    }

    func isDelegatedRole(_ roleName: String) -> Bool {
        let prefix = namePrefix + "-"
        guard roleName.utf8.starts(with: prefix.utf8) else { return false }
        let suffix = Array(roleName.utf8.dropFirst(prefix.utf8.count))
        guard suffix.count == suffixLength,
            let bin = UInt64(String(decoding: suffix, as: UTF8.self), radix: 16)
        else { return false }
        return bin < UInt64(1) << UInt64(bitLength)
    }
}
