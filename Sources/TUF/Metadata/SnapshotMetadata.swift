public import CustosSupport

/// The `signed` part of snapshot metadata: the version (and optionally length and hashes) of every targets role.
public struct SnapshotMetadata: Sendable {
    public static let roleName = "snapshot"

    public let common: CommonFields
    /// Keyed by file name, `<role>.json`.
    public let meta: [ExactString: MetaFile]

    public init(_ signed: JSONObject) throws(TUFError) {
        let reader = FieldReader(object: signed, role: Self.roleName, location: "signed")
        common = try CommonFields(reading: reader, expectedType: Self.roleName)
        let metaReader = try reader.nested("meta")
        var meta: [ExactString: MetaFile] = [:]
        meta.reserveCapacity(metaReader.object.count)
        for member in metaReader.object.members {
            let entry = try FieldReader(member.value, role: Self.roleName, location: "signed.meta", member: member.key)
            meta[ExactString(member.key)] = try MetaFile(reading: entry)
        }
        self.meta = meta
    }

    /// The entry for a targets role, listed as `<role>.json`.
    public func metaFile(forRole role: String) -> MetaFile? {
        meta[ExactString(role + ".json")]
    }
}
