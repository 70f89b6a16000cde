internal import Firmware
internal import ManifestProfile

/// The bridge from the pinned TUF manifest to the Firmware module's approval step (`custos firmware verify
/// --manifest DIR`): each `FirmwareApproval` becomes one `ApprovedFirmware`, field for field.
enum ManifestApprovals {
    /// Loads and verifies the manifest in `folder` (a `custos manifest` store). An expired manifest approves
    /// nothing: that is a refusal (exit 1) rather than a silent "not approved" per image.
    static func load(store folder: String) throws -> ApprovedFirmwareList {
        let manifest: TrustedManifest
        do {
            manifest = try TrustedManifest.load(from: ManifestStore(folder: folder))
        } catch {
            throw ManifestFailure(error, unparsableWhenLocal: true)
        }
        let expired = manifest.roles.filter(\.isExpired).map(\.name)
        guard expired.isEmpty else {
            throw CommandFailure.rejected(
                "the pinned manifest in \(folder) has expired (\(expired.joined(separator: ", "))); "
                    + "run `custos manifest update` before approving firmware")
        }
        return list(manifest.approvals)
    }

    /// Approvals of vendors the Firmware module knows; others cannot match any image and are left out.
    static func list(_ approvals: [FirmwareApproval]) -> ApprovedFirmwareList {
        ApprovedFirmwareList(
            approvals.compactMap { approval in
                guard let vendor = FirmwareVendor(rawValue: approval.vendor) else { return nil }
                return ApprovedFirmware(
                    vendor: vendor, model: approval.model, version: approval.version.description,
                    fingerprint: approval.fingerprint, sha256: approval.sha256,
                    minVersion: approval.minimumVersion.description, channel: approval.channel)
            })
    }
}
