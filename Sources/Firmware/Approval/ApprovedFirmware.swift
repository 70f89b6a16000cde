public import CustosSupport

/// One firmware image a custody team approved, as the pinned TUF manifest's target custom data states it:
/// `{"custos": {"kind": "firmware", "vendor", "model", "version", "fingerprint", "min_version", "channel"}}` plus
/// the target's SHA-256. The manifest module maps each firmware target to one of these.
public struct ApprovedFirmware: Sendable, Equatable, Codable {
    public let vendor: FirmwareVendor
    public let model: String
    public let version: String
    /// Hex fingerprint, as `custos firmware inspect` prints it.
    public let fingerprint: String
    /// SHA-256 of the image file (the TUF target hash), when known.
    public let sha256: String?
    /// The oldest version the team allows on this model: approving an image below it would be a rollback.
    public let minVersion: String
    public let channel: String

    public init(
        vendor: FirmwareVendor, model: String, version: String, fingerprint: String, sha256: String? = nil,
        minVersion: String, channel: String = "stable"
    ) {
        self.vendor = vendor
        self.model = model
        self.version = version
        self.fingerprint = fingerprint.lowercased()
        self.sha256 = sha256?.lowercased()
        self.minVersion = minVersion
        self.channel = channel
    }

    enum CodingKeys: String, CodingKey {
        case vendor, model, version, fingerprint, sha256, channel
        case minVersion = "min_version"
    }
}

/// The approvals in force: what the manifest step checks an image against.
public struct ApprovedFirmwareList: Sendable, Equatable {
    public let entries: [ApprovedFirmware]

    public init(_ entries: [ApprovedFirmware]) {
        self.entries = entries
    }
}

/// The manifest step's verdict for one image.
public struct ApprovalResult: Sendable, Equatable {
    public let approved: Bool
    /// The approval that matched the image's fingerprint or file hash, if any.
    public let match: ApprovedFirmware?
    /// Why the image is not approved, each with its `firmware.approval.*` code.
    public let problems: [Problem]

    public var reasons: [String] { problems.map(\.message) }
}
