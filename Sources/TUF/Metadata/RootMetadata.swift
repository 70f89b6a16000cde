public import CustosSupport

/// The `signed` part of root metadata: the keys and thresholds of the four top-level roles.
public struct RootMetadata: Sendable {
    public static let roleName = "root"

    public let common: CommonFields
    public let keys: [ExactString: TUFKey]
    public let root: RoleKeys
    public let timestamp: RoleKeys
    public let snapshot: RoleKeys
    public let targets: RoleKeys
    /// Whether snapshot, targets and target files are fetched under version- and hash-prefixed names.
    public let consistentSnapshot: Bool

    public init(_ signed: JSONObject) throws(TUFError) {
        let reader = FieldReader(object: signed, role: Self.roleName, location: "signed")
        common = try CommonFields(reading: reader, expectedType: Self.roleName)
        keys = try readKeys(try reader.object("keys"), reader: reader, location: "signed.keys")
        let roles = try reader.nested("roles")
        let names = Set(roles.object.members.map { ExactString($0.key) })
        guard names == ["root", "timestamp", "snapshot", "targets"] else {
            throw reader.fail("signed.roles must name exactly root, timestamp, snapshot and targets")
        }
        root = try RoleKeys(reading: try roles.nested("root"))
        timestamp = try RoleKeys(reading: try roles.nested("timestamp"))
        snapshot = try RoleKeys(reading: try roles.nested("snapshot"))
        targets = try RoleKeys(reading: try roles.nested("targets"))
        consistentSnapshot = try reader.optionalBool("consistent_snapshot") ?? false
    }

    /// The keys and threshold root names for a top-level role.
    public func roleKeys(for name: String) -> RoleKeys? {
        switch name {
        case "root": return root
        case "timestamp": return timestamp
        case "snapshot": return snapshot
        case "targets": return targets
        default: return nil
        }
    }
}

func readKeys(_ object: JSONObject, reader: FieldReader, location: String) throws(TUFError) -> [ExactString: TUFKey] {
    var keys: [ExactString: TUFKey] = [:]
    keys.reserveCapacity(object.count)
    for member in object.members {
        let keyReader = try FieldReader(member.value, role: reader.role, location: location, member: member.key)
        keys[ExactString(member.key)] = try TUFKey(reading: keyReader)
    }
    return keys
}
