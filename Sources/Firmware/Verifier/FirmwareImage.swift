/// A parsed firmware image of any supported vendor format. Parsing reads each field within the bytes present and
/// throws `FirmwareFormatError` for anything truncated, inconsistent or unsupported; everything else is a verdict.
public struct FirmwareImage: Sendable {
    let parsed: any VendorFirmwareImage

    /// What parsing tells: vendor, format, model, version, fingerprint, facts.
    public var description: FirmwareDescription { parsed.summary }

    /// Recognises the format by its magic bytes and parses it.
    public init(bytes: [UInt8]) throws(FirmwareFormatError) {
        guard !bytes.isEmpty else { throw .empty }
        let magic = bytes.count >= 4 ? String(decoding: bytes[0..<4], as: UTF8.self) : ""
        switch magic {
        case "TRZR": parsed = try TrezorLegacyFirmware(bytes)
        case "TRZV": parsed = try TrezorCoreFirmware(bytes)
        case "TRZF": parsed = try TrezorOneFirmware(bytes)
        case "TRZB": parsed = try TrezorBootloader(bytes)
        case "TSEC": parsed = try TrezorSecureMonitor(bytes)
        case "TRZQ":
            throw .unsupported(
                format: "Trezor TRZQ", reason: "post-quantum (SLH-DSA) bootloader images are not supported yet")
        default:
            if let image = try Self.parseOtherVendors(bytes) {
                parsed = image
            } else {
                throw .unrecognised(firstBytes: bytes.prefix(8).map { String($0, radix: 16) }.joined(separator: " "))
            }
        }
    }

    private static func parseOtherVendors(_ bytes: [UInt8]) throws(FirmwareFormatError) -> (any VendorFirmwareImage)? {
        if bytes.starts(with: Array("DfuSe".utf8)) { return try ColdcardFirmware(dfu: bytes) }
        if ColdcardFirmware.looksLikeRaw(bytes) { return try ColdcardFirmware(raw: bytes) }
        if bytes.count >= 4, let product = BitBox02Product(magic: Array(bytes[0..<4])) {
            return try BitBox02Firmware(bytes, product: product)
        }
        if bytes.starts(with: Array("PASS".utf8)) || bytes.starts(with: Array("SSAP".utf8)) {
            return try PassportFirmware(bytes)
        }
        if JadeFirmware.looksLikeJade(bytes) { return try JadeFirmware(bytes) }
        return nil
    }
}
