internal import CustosCrypto

/// A Blockstream Jade image (firmware-formats.md §7): an ESP-IDF application padded to 4 KiB, then a 4 KiB sector
/// of ESP32 Secure Boot v2 signature blocks (RSA-3072-PSS, little-endian fields).
struct JadeFirmware: VendorFirmwareImage {
    static let sectorByteCount = 4096
    static let blockByteCount = 1216

    struct SignatureBlock: Sendable {
        let index: Int
        let imageDigest: [UInt8]
        let modulus: [UInt8]
        let exponent: UInt32
        let signature: [UInt8]
        let crcMatches: Bool
    }

    let imageDigest: [UInt8]
    let blocks: [SignatureBlock]
    let startsWithAppMagic: Bool
    let summary: FirmwareDescription

    static func looksLikeJade(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 * sectorByteCount && bytes.count % sectorByteCount == 0
            && bytes[bytes.count - sectorByteCount] == 0xE7 && bytes[bytes.count - sectorByteCount + 1] == 0x02
    }

    init(_ bytes: [UInt8]) throws(FirmwareFormatError) {
        let sectorStart = bytes.count - Self.sectorByteCount
        let sector = Array(bytes[sectorStart...])
        var blocks: [SignatureBlock] = []
        for index in 0..<3 {
            let start = index * Self.blockByteCount
            guard sector[start] == 0xE7 else { break }
            var reader = ImageReader(sector, position: start + 1, context: "Jade signature block \(index + 1)")
            guard try reader.readUInt8("version") == 0x02 else {
                throw .unsupported(format: "Jade", reason: "signature block \(index + 1) is not Secure Boot v2")
            }
            try reader.skip(2)
            let digest = try reader.readBytes(32, "image digest")
            let modulus = Array(try reader.readBytes(384, "RSA modulus").reversed())
            let exponent = try reader.readUInt32("RSA exponent")
            try reader.skip(384 + 4)
            let signature = Array(try reader.readBytes(384, "RSA-PSS signature").reversed())
            let stored = try reader.readUInt32("CRC-32")
            blocks.append(
                SignatureBlock(
                    index: index + 1, imageDigest: digest, modulus: modulus, exponent: exponent, signature: signature,
                    crcMatches: CRC32.checksum(sector[start..<(start + 1196)]) == stored))
        }
        self.blocks = blocks
        let image = bytes[0..<sectorStart]
        imageDigest = SHA256.hash(image)
        startsWithAppMagic = bytes[0] == 0xE9
        // esp_app_desc_t follows the image and segment headers: magic 0xABCD5432 at 0x20, version text at 0x30.
        var version: String?
        if bytes.count > 0x50, littleEndianUInt32(bytes, at: 0x20) == 0xABCD_5432 {
            version = Array(bytes[0x30..<0x50]).nulPaddedText
        }
        summary = FirmwareDescription(
            vendor: .jade, format: "jade", model: "jade", version: version, fingerprint: imageDigest,
            file: bytes,
            facts: [
                "ESP-IDF image \(sectorStart) bytes, \(blocks.count) Secure Boot v2 signature block(s)",
                "full-file SHA-256 \(SHA256.hash(bytes).hexString) (Jade's fwhash of the uncompressed image)",
            ])
    }

    func checkIntegrity() -> StepResult {
        var failures: [String] = []
        if !startsWithAppMagic { failures.append("the image does not start with the ESP-IDF magic byte 0xE9") }
        for block in blocks {
            if !block.crcMatches { failures.append("signature block \(block.index) CRC-32 does not match") }
            if block.imageDigest != imageDigest {
                failures.append("signature block \(block.index) was made for a different image (digest mismatch)")
            }
        }
        return StepResult(failures: failures)
    }

    /// Every block must verify; the image counts as production only if a production key signed one of them.
    func checkSignatures(trust: FirmwareTrustStore) -> SignatureCheck {
        let pinned = trust.keySets(.jade)
        var roles: [KeyRole] = []
        var names: [String] = []
        for block in blocks {
            guard let key = try? RSAPublicKey(modulus: block.modulus, exponent: Self.bigEndian(block.exponent)),
                key.isValidPSSSignature(block.signature, digest: block.imageDigest, saltLength: 32)
            else {
                return SignatureCheck(
                    outcome: .invalid, reasons: ["signature block \(block.index) does not verify (RSA-PSS)"])
            }
            guard let set = pinned.first(where: { $0.keys.first == Self.trimmed(block.modulus) }) else {
                return SignatureCheck(
                    outcome: .invalid,
                    reasons: ["signature block \(block.index) is signed by a key that is not one of Blockstream's"])
            }
            roles.append(set.role)
            names.append(set.name)
        }
        guard !roles.isEmpty else { return SignatureCheck(outcome: .invalid, reasons: ["the image has no signature"]) }
        return SignatureCheck(outcome: roles.contains(.production) ? .production : .development, keySets: names)
    }

    func checkIdentity(signature: SignatureCheck, trust: FirmwareTrustStore, policy: IdentityPolicy) -> StepResult {
        StepResult(passed: true)
    }

    var releaseLookup: ReleaseLookup? { nil }

    var noIndexReason: String {
        "Blockstream publishes Jade hashes only in its firmware server's index.json, not in a repository the pinned "
            + "history could be built from"
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [
            UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
    }

    static func trimmed(_ bytes: [UInt8]) -> [UInt8] { Array(bytes.drop { $0 == 0 }) }
}
