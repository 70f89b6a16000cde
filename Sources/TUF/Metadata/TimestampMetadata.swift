public import CustosSupport

/// The `signed` part of timestamp metadata: which snapshot version is current.
public struct TimestampMetadata: Sendable {
    public static let roleName = "timestamp"

    public let common: CommonFields
    public let snapshotMeta: MetaFile

    public init(_ signed: JSONObject) throws(TUFError) {
        let reader = FieldReader(object: signed, role: Self.roleName, location: "signed")
        common = try CommonFields(reading: reader, expectedType: Self.roleName)
        snapshotMeta = try MetaFile(reading: try reader.nested("meta").nested("snapshot.json"))
    }
}
