public import CustosSupport

/// The `signed` part of targets metadata (top-level or delegated): target files and further delegations.
public struct TargetsMetadata: Sendable {
    public static let typeName = "targets"

    public let common: CommonFields
    public let targets: [ExactString: TargetFile]
    public let delegations: Delegations?

    public init(_ signed: JSONObject, roleName: String) throws(TUFError) {
        let reader = FieldReader(object: signed, role: roleName, location: "signed")
        common = try CommonFields(reading: reader, expectedType: Self.typeName)
        let targetsObject = try reader.object("targets")
        var targets: [ExactString: TargetFile] = [:]
        targets.reserveCapacity(targetsObject.count)
        for member in targetsObject.members {
            let entry = try FieldReader(member.value, role: roleName, location: "signed.targets", member: member.key)
            targets[ExactString(member.key)] = try TargetFile(path: member.key, reading: entry)
        }
        self.targets = targets
        if let delegationsObject = try reader.optionalObject("delegations") {
            delegations = try Delegations(
                reading: FieldReader(object: delegationsObject, role: roleName, location: "signed.delegations"))
        } else {
            delegations = nil
        }
    }
}
