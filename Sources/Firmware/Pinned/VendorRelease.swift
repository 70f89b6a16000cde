/// What a vendor release index lists for an image, and how to compare it.
public enum ReleaseHashKind: String, Sendable, Codable {
    /// Trezor: trezorlib's fingerprint, as releases.json publishes it.
    case fingerprint
    /// Coldcard: SHA-256 of the release file (signatures.txt).
    case fileSHA256
    /// BitBox02: SHA-256 of the firmware after the signed header (the reproducible build).
    case payloadSHA256
    /// Trezor core bootloader (TRZB) fingerprint, of the production bootloaders Trezor ships in trezor-firmware.
    case bootloaderFingerprint
    /// Trezor secure monitor (TSEC) fingerprint, likewise.
    case secmonFingerprint
}

/// One official release from a vendor's published index.
public struct VendorRelease: Sendable, Equatable {
    public let vendor: FirmwareVendor
    public let model: String
    public let version: String
    /// Trezor "universal" / "bitcoinonly"; for Coldcard and BitBox02 the published file name.
    public let edition: String
    public let kind: ReleaseHashKind
    public let hashHex: String
    /// The newest release of the same line (model, edition) when this one is older: still genuine, not current.
    public let supersededBy: String?
    /// Where the entry was published: "repository@commit:file".
    public let source: String

    public init(
        vendor: FirmwareVendor, model: String, version: String, edition: String, kind: ReleaseHashKind,
        hashHex: String, supersededBy: String? = nil, source: String = ""
    ) {
        self.vendor = vendor
        self.model = model
        self.version = version
        self.edition = edition
        self.kind = kind
        self.hashHex = hashHex
        self.supersededBy = supersededBy
        self.source = source
    }
}

/// The release indexes embedded at build time (Firmware/releases/*.json).
public enum PinnedReleases {}

/// The vendor keys and official Trezor vendor headers embedded at build time (Firmware/keys/*.json).
public enum PinnedKeys {}
