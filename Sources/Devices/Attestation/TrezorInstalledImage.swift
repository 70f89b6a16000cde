/// The bytes a Trezor holds in its firmware area for a release file: a T1 `TRZR` wrapper around a `TRZF` image is
/// dropped (the device strips those 256 bytes when installing); `TRZF` and core `TRZV` images are installed as is.
///
/// Small on purpose: the firmware module's image parser may later take this over.
public struct TrezorInstalledImage: Sendable {
    public enum Family: String, Sendable {
        case trezorOne = "Trezor One"
        case core = "Trezor core"
    }

    public static let legacyHeaderSize = 256

    public let bytes: [UInt8]
    public let family: Family
    public let strippedLegacyHeader: Bool

    public init(fileBytes: [UInt8]) throws(AttestationError) {
        let magic = { (offset: Int) -> String in
            guard fileBytes.count >= offset + 4 else { return "" }
            return String(decoding: fileBytes[offset..<(offset + 4)], as: UTF8.self)
        }
        switch magic(0) {
        case "TRZR":
            guard magic(Self.legacyHeaderSize) == "TRZF" else {
                throw .image(
                    "legacy TRZR image without an embedded TRZF image (before 1.8): such firmware cannot answer "
                        + "GetFirmwareHash")
            }
            bytes = Array(fileBytes[Self.legacyHeaderSize...])
            family = .trezorOne
            strippedLegacyHeader = true
        case "TRZF":
            bytes = fileBytes
            family = .trezorOne
            strippedLegacyHeader = false
        case "TRZV":
            bytes = fileBytes
            family = .core
            strippedLegacyHeader = false
        default:
            throw .image("not a Trezor firmware image (no TRZR, TRZF or TRZV magic)")
        }
    }

    /// Whether a device reporting `modelCode` runs firmware of this image's family.
    public func fits(modelCode: String) -> Bool {
        (modelCode == "T1B1") == (family == .trezorOne)
    }
}
