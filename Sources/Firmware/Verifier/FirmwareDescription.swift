internal import CustosCrypto

/// What parsing alone tells about an image: `custos firmware inspect` prints this.
public struct FirmwareDescription: Sendable {
    public let vendor: FirmwareVendor
    /// The container format, e.g. "trezor-core", "trezor-one-v3", "coldcard-dfu", "bitbox02".
    public let format: String
    /// Vendor model code ("T3T1", "bitbox02-multi", "Mk3", ...), nil when the image does not say.
    public let model: String?
    /// Version the image carries (nil for Trezor One TRZR and BitBox02, whose version comes from the release index).
    public let version: String?
    /// The vendor's identifying digest of the signed content (trezorlib's fingerprint for Trezor).
    public let fingerprint: [UInt8]
    /// The file as read (shared with the parser's copy, not duplicated).
    let file: [UInt8]
    /// Human-readable facts: vendor header, signature slots and the keys they name, hash scheme.
    public let facts: [String]

    /// SHA-256 of the whole file, as TUF targets and Coldcard's signatures.txt list it. Computed on demand: plain
    /// `verify` output does not need it, and for BLAKE2s images it is a second pass over the bytes.
    public var fileSHA256: [UInt8] { SHA256.hash(file) }
}
