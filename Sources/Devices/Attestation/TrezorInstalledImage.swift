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
    /// The firmware version its `TRZF` header names ("1.12.1"; core images: the header after the vendor header),
    /// nil when the header is cut short.
    public let version: String?

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
        version = Self.headerVersion(bytes, family: family)
    }

    /// major.minor.patch from bytes 16...18 of the `TRZF` header (firmware-formats.md §3.3, §3.5): at the start of
    /// a Trezor One image, after the vendor header (its length at bytes 4...7) of a core image.
    static func headerVersion(_ bytes: [UInt8], family: Family) -> String? {
        var offset = 0
        if family == .core {
            guard bytes.count >= 8 else { return nil }
            let length = bytes[4..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
            guard length < bytes.count else { return nil }
            offset = length
        }
        guard bytes.count - offset >= 20, String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self) == "TRZF"
        else { return nil }
        return "\(bytes[offset + 16]).\(bytes[offset + 17]).\(bytes[offset + 18])"
    }

    /// Whether a device reporting `modelCode` runs firmware of this image's family.
    public func fits(modelCode: String) -> Bool {
        (modelCode == "T1B1") == (family == .trezorOne)
    }
}
