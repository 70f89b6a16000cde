internal import CustosCrypto

/// A Coldcard firmware image, raw `.bin` or inside an ST DfuSe `.dfu` container (firmware-formats.md §4): a
/// 128-byte header at 0x3F80 and one secp256k1 signature over SHA-256d of everything but the signature.
struct ColdcardFirmware: VendorFirmwareImage {
    static let headerOffset = 0x3F80
    static let signatureRange = 0x3FC0..<0x4000
    static let magic: UInt32 = 0xCC00_1234
    static let minimumLength = 256 * 1024
    static let maximumLength = 1_966_080
    static let hardwareNames = ["Mk1", "Mk2", "Mk3", "Mk4", "Q1", "Mk5"]

    let container: DfuSeContainer?
    let keyNumber: Int
    let digest: [UInt8]
    let signature: [UInt8]
    let summary: FirmwareDescription

    static func looksLikeRaw(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 0x4000 && littleEndianUInt32(bytes, at: headerOffset) == magic
    }

    init(dfu bytes: [UInt8]) throws(FirmwareFormatError) {
        let container = try DfuSeContainer(bytes)
        guard let element = container.elements.first(where: { Self.looksLikeRaw($0.data) }) else {
            throw .invalidField(
                what: "Coldcard DFU file", field: "elements", reason: "hold no Coldcard firmware header")
        }
        try self.init(firmware: element.data, file: bytes, container: container)
    }

    init(raw bytes: [UInt8]) throws(FirmwareFormatError) {
        try self.init(firmware: bytes, file: bytes, container: nil)
    }

    private init(firmware: [UInt8], file: [UInt8], container: DfuSeContainer?) throws(FirmwareFormatError) {
        let what = "Coldcard firmware header"
        var reader = ImageReader(firmware, position: Self.headerOffset + 4, context: what)
        let timestamp = try reader.readBytes(8, "timestamp")
        let versionField = try reader.readBytes(8, "version")
        keyNumber = Int(try reader.readUInt32("pubkey_num"))
        let length = Int(try reader.readUInt32("firmware_length"))
        _ = try reader.readUInt32("install_flags")
        let compatibility = try reader.readUInt32("hw_compat")
        guard length >= Self.minimumLength, length <= Self.maximumLength, length >= 0x4000 else {
            throw .invalidField(
                what: what, field: "firmware_length \(length)",
                reason: "is outside the bootloader's limits (\(Self.minimumLength) to \(Self.maximumLength) bytes)")
        }
        guard firmware.count <= length else {
            throw .trailingBytes(
                what: "Coldcard firmware of \(length) bytes (firmware_length)", count: firmware.count - length)
        }
        self.container = container
        signature = Array(firmware[Self.signatureRange])
        // Everything but the signature, with erased flash (0xFF) standing in for bytes the file leaves out.
        var hasher = SHA256.Hasher()
        hasher.update(firmware[0..<Self.signatureRange.lowerBound])
        hasher.update(firmware[Self.signatureRange.upperBound...])
        let erased = [UInt8](repeating: 0xFF, count: 4096)
        var missing = length - firmware.count
        while missing > 0 {
            hasher.update(erased[0..<min(missing, erased.count)])
            missing -= min(missing, erased.count)
        }
        digest = SHA256.hash(hasher.finalize())
        let models = Self.hardwareNames.indices.filter { compatibility & (1 << UInt32($0)) != 0 }.map {
            Self.hardwareNames[$0]
        }
        let version = versionField.nulPaddedText.map { $0.hasPrefix("v") ? String($0.dropFirst()) : $0 }
        summary = FirmwareDescription(
            vendor: .coldcard, format: container == nil ? "coldcard-raw" : "coldcard-dfu",
            model: models.isEmpty ? "Mk1/Mk2/Mk3" : models.joined(separator: "/"), version: version,
            fingerprint: digest, file: file,
            facts: [
                "header at 0x3F80: timestamp \(timestamp.hexString), key \(keyNumber), firmware_length \(length), "
                    + "hw_compat 0x\(String(compatibility, radix: 16))"
                    + (models.isEmpty ? " (no bits: a Mk1-Mk3 era image)" : ""),
                container.map {
                    "DfuSe container: \($0.elements.count) element(s), CRC \($0.crcMatches ? "ok" : "BAD")"
                }
                    ?? "raw image",
            ])
    }

    func checkIntegrity() -> StepResult {
        guard let container, !container.crcMatches else { return StepResult(passed: true) }
        return StepResult(passed: false, reasons: ["DfuSe CRC does not match the file: it was damaged or altered"])
    }

    func checkSignatures(trust: FirmwareTrustStore) -> SignatureCheck {
        guard let set = trust.keySets(.coldcard).first(where: { $0.index == keyNumber }), let key = set.keys.first
        else {
            return SignatureCheck(
                outcome: .invalid, reasons: ["the header names key \(keyNumber), which no bootloader knows"])
        }
        guard SignatureChecks.secp256k1(publicKey: key, signature: signature, digest: digest) else {
            return SignatureCheck(
                outcome: .invalid, reasons: ["signature does not verify with Coldcard key \(keyNumber)"])
        }
        return SignatureCheck(outcome: set.role == .production ? .production : .development, keySets: [set.name])
    }

    func checkIdentity(signature: SignatureCheck, trust: FirmwareTrustStore, policy: IdentityPolicy) -> StepResult {
        guard keyNumber == 0 else { return StepResult(passed: true) }
        return StepResult(
            passed: false,
            reasons: ["signed with Coldcard key 0, whose private key is published for anyone: not a factory build"])
    }

    var releaseLookup: ReleaseLookup? {
        guard container != nil else { return nil }
        return ReleaseLookup(kind: .fileSHA256, hash: summary.fileSHA256, models: [], what: "Coldcard DFU SHA-256")
    }

    var noIndexReason: String { "Coldcard publishes hashes of its .dfu files only, not of raw images" }
}

/// An ST DfuSe file: prefix, targets with elements, and a suffix whose CRC covers everything before it.
struct DfuSeContainer: Sendable {
    struct Element: Sendable {
        let address: UInt32
        let data: [UInt8]
    }

    let elements: [Element]
    let crcMatches: Bool

    init(_ bytes: [UInt8]) throws(FirmwareFormatError) {
        let what = "DfuSe file"
        guard bytes.count >= 11 + 16 else {
            throw .truncated(what: what, field: "prefix and suffix", needed: 27, available: bytes.count)
        }
        let body = Array(bytes[0..<(bytes.count - 16)])
        var reader = ImageReader(body, position: 5, context: what)
        guard try reader.readUInt8("version") == 1 else {
            throw .unsupported(format: "DfuSe", reason: "prefix version is not 1")
        }
        let imageSize = Int(try reader.readUInt32("image size"))
        guard imageSize == body.count else {
            throw .invalidField(
                what: what, field: "image size \(imageSize)", reason: "is not the file size less the suffix")
        }
        let targetCount = Int(try reader.readUInt8("target count"))
        var elements: [Element] = []
        for target in 0..<targetCount {
            guard try reader.readBytes(6, "target \(target) signature") == Array("Target".utf8) else {
                throw .invalidField(what: what, field: "target \(target)", reason: "does not start with 'Target'")
            }
            try reader.skip(1 + 4 + 255)
            _ = try reader.readUInt32("target size")
            let count = Int(try reader.readUInt32("element count"))
            for index in 0..<count {
                let address = try reader.readUInt32("element \(index) address")
                let size = Int(try reader.readUInt32("element \(index) size"))
                elements.append(Element(address: address, data: try reader.readBytes(size, "element \(index) data")))
            }
        }
        guard reader.remainingCount == 0 else {
            throw .trailingBytes(what: "DfuSe targets", count: reader.remainingCount)
        }
        let suffix = Array(bytes[(bytes.count - 16)...])
        guard suffix[8..<11].elementsEqual(Array("UFD".utf8)), suffix[11] == 16 else {
            throw .invalidField(what: what, field: "suffix", reason: "lacks the 'UFD' signature")
        }
        let stored = littleEndianUInt32(suffix, at: 12)
        self.elements = elements
        crcMatches = ~CRC32.checksum(bytes[0..<(bytes.count - 4)]) == stored
    }
}
