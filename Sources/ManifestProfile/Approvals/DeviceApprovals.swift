public import CustosSupport
internal import TUF

/// What the manifest says about a device that reports its model and running firmware version: the approvals that
/// vouch for exactly that firmware, or why none may.
///
/// `custos devices attest --manifest` asks this before it asks the device for its firmware hash: the answer picks
/// the images whose hash the device must reproduce.
public enum DeviceApprovalVerdict: Sendable, Equatable {
    /// Approvals of the device's vendor, model and version (several when one version has several images, e.g.
    /// universal and Bitcoin-only firmware).
    case approved([FirmwareApproval])
    case refused(problems: [Problem])
}

extension TrustedManifest {
    /// Refuses when any role has expired (a freeze attack cannot be ruled out), when the running version is below
    /// the model's anti-rollback floor (the highest `min_version` among its approvals), or when no approval lists
    /// this version for the model. Every reason that applies is given.
    public func approvals(
        forDeviceOf vendor: String, model: String, running version: DottedVersion
    ) -> DeviceApprovalVerdict {
        var reasons: [Problem] = []
        let expired = roles.filter(\.isExpired).map(\.name)
        if !expired.isEmpty {
            reasons.append(
                Problem(
                    code: TUFError.Codes.expired,
                    message: "the pinned manifest has expired (\(expired.joined(separator: ", ")))"))
        }
        let candidates = approvals(vendor: vendor, model: model)
        if let floor = minimumVersion(vendor: vendor, model: model), version < floor {
            reasons.append(
                Problem(
                    code: DeviceApprovalVerdict.Codes.rollback,
                    message: "the device runs \(version), below the manifest's minimum \(floor) for \(vendor) \(model) "
                        + "(anti-rollback)"))
        }
        let matching = candidates.filter { $0.version == version }
        if candidates.isEmpty {
            reasons.append(
                Problem(
                    code: DeviceApprovalVerdict.Codes.unapproved,
                    message: "the manifest approves no firmware for \(vendor) \(model)"))
        } else if matching.isEmpty {
            let versions = Set(candidates.map(\.version)).sorted(by: >).map(\.description)
            reasons.append(
                Problem(
                    code: DeviceApprovalVerdict.Codes.unapproved,
                    message: "the manifest approves no \(vendor) \(model) firmware of version \(version) "
                        + "(approved: \(versions.joined(separator: ", ")))"))
        }
        guard reasons.isEmpty else { return .refused(problems: reasons) }
        return .approved(matching)
    }
}
