internal import CustosCrypto
internal import CustosSupport

/// A Trezor core vendor header `TRZV` (firmware-formats.md §3.4): the vendor's keys and display settings, signed by
/// the model's bootloader keys.
public struct TrezorVendorHeader: Sendable {
    /// The raw header bytes (`headerLength` of them).
    public let bytes: [UInt8]
    public let headerLength: Int
    public let expiry: UInt32
    public let vendorVersion: (major: UInt8, minor: UInt8)
    /// How many vendor keys must sign the firmware.
    public let signaturesRequired: Int
    public let vendorKeys: [[UInt8]]
    /// The raw, inverted trust field (a cleared bit turns a warning on).
    public let trustField: UInt16
    public let hardwareModel: [UInt8]
    /// The vendor string, control characters escaped (it is printed).
    public let vendorText: String
    public let sigmask: UInt8
    public let signature: [UInt8]

    /// Parses the header at the start of `image`; the header may be followed by a firmware image.
    public init(_ image: [UInt8]) throws(FirmwareFormatError) {
        let what = "Trezor vendor header"
        var reader = ImageReader(image, context: what)
        guard try reader.readBytes(4, "magic") == Array("TRZV".utf8) else {
            throw .invalidField(what: what, field: "magic", reason: "is not TRZV")
        }
        let length = Int(try reader.readUInt32("hdrlen"))
        guard length % 512 == 0, length >= 512 else {
            throw .invalidField(what: what, field: "hdrlen \(length)", reason: "is not a positive multiple of 512")
        }
        guard length <= image.count else {
            throw .truncated(
                what: what, field: "header of \(length) bytes (hdrlen)", needed: length, available: image.count)
        }
        // Fields are read from the header alone, so none can run into the firmware that follows it.
        reader = ImageReader(Array(image[0..<length]), position: 8, context: what)
        expiry = try reader.readUInt32("expiry")
        vendorVersion = (try reader.readUInt8("version major"), try reader.readUInt8("version minor"))
        signaturesRequired = Int(try reader.readUInt8("sig_m"))
        let keyCount = Int(try reader.readUInt8("sig_n"))
        trustField = try reader.readUInt16("vtrust")
        hardwareModel = try reader.readBytes(4, "hw_model")
        try reader.skip(10)
        vendorKeys = try (0..<keyCount).map { index throws(FirmwareFormatError) in
            try reader.readBytes(32, "vendor key \(index + 1) of \(keyCount)")
        }
        let textLength = Int(try reader.readUInt8("vendor string length"))
        let text = try reader.readBytes(textLength, "vendor string")
        try reader.skip((4 - (1 + textLength) % 4) % 4)
        vendorText = String(decoding: text, as: UTF8.self).escapingControlCharacters
        guard try reader.readBytes(3, "vendor image magic") == Array("TOI".utf8) else {
            throw .invalidField(what: what, field: "vendor image", reason: "does not start with TOI")
        }
        _ = try reader.readUInt8("vendor image format")
        _ = try reader.readUInt16("vendor image width")
        _ = try reader.readUInt16("vendor image height")
        let imageLength = Int(try reader.readUInt32("vendor image length"))
        try reader.skip(imageLength)
        guard reader.position + 65 < length else {
            throw .invalidField(
                what: what, field: "hdrlen \(length)", reason: "leaves no room for the sigmask and signature")
        }
        guard signaturesRequired >= 1, signaturesRequired <= keyCount else {
            throw .invalidField(
                what: what, field: "sig_m \(signaturesRequired)", reason: "must be between 1 and sig_n \(keyCount)")
        }
        headerLength = length
        bytes = Array(image[0..<length])
        sigmask = bytes[length - 65]
        signature = Array(bytes[(length - 64)..<length])
    }

    /// The bootloader-signed digest: the model's hash of the header with its last 65 bytes zeroed.
    func digest(hash: TrezorImageHash) -> [UInt8] {
        hash.hash(bytes.zeroing((headerLength - 65)..<headerLength))
    }

    /// "Full trust": no vendor string, no click, no red background, no delay (the stored bits are inverted).
    public var isFullTrust: Bool { trustField & 0x7F == 0x7F }

    public var sha256: [UInt8] { SHA256.hash(bytes) }

    /// The CoSi check of this header against one bootloader key set.
    func bootloaderSignature(keys: [[UInt8]], hash: TrezorImageHash) -> CoSiCheck {
        SignatureChecks.cosi(signature: signature, digest: digest(hash: hash), keys: keys, sigmask: sigmask)
    }
}
