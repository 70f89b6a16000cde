internal import CustosSupport
public import Firmware
public import ManifestProfile

/// The bridge from the pinned TUF manifest to the Firmware module's approval step: each `FirmwareApproval` becomes
/// one `ApprovedFirmware`, field for field.
public enum ManifestApprovals {
    /// Loads and verifies the manifest in `folder` (a `custos manifest` store) offline. An expired manifest approves
    /// nothing: that is a refusal of the whole request rather than a silent "not approved" per image.
    public static func load(store folder: String) throws(CustodyError) -> ApprovedFirmwareList {
        let manifest = try TrustedManifests.load(folder: folder)
        let expired = manifest.roles.filter(\.isExpired).map(\.name)
        guard expired.isEmpty else { throw .manifestExpired(folder: folder, roles: expired) }
        return list(manifest.approvals)
    }

    /// Approvals of vendors the Firmware module knows; others cannot match any image and are left out.
    public static func list(_ approvals: [FirmwareApproval]) -> ApprovedFirmwareList {
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

/// Loading the trusted manifest of a store, with the store's failures as `CustodyError`s.
enum TrustedManifests {
    static func load(folder: String, referenceTime: UTCTime = SystemClock.now()) throws(CustodyError) -> TrustedManifest
    {
        do {
            return try TrustedManifest.loadStored(from: ManifestStore(folder: folder), referenceTime: referenceTime)
        } catch {
            throw .manifestUnusable(error)
        }
    }
}
