internal import CustosCrypto

/// A Foundation Passport firmware image (firmware-formats.md §6): a 2048-byte header and two secp256k1 signatures
/// by different keys of four over SHA-256d of the header's first 34 bytes and the code.
struct PassportFirmware: VendorFirmwareImage {
    static let headerByteCount = 2048
    static let userKeyIndex: UInt32 = 255

    let keyIndexes: [UInt32]
    let signatures: [[UInt8]]
    let digest: [UInt8]
    let summary: FirmwareDescription

    init(_ bytes: [UInt8]) throws(FirmwareFormatError) {
        let what = "Passport firmware header"
        var reader = ImageReader(bytes, context: what)
        let magic = try reader.readBytes(4, "magic")
        _ = try reader.readUInt32("timestamp")
        let date = try reader.readBytes(14, "date")
        let versionField = try reader.readBytes(8, "version")
        let codeLength = Int(try reader.readUInt32("fwlength"))
        let first = try reader.readUInt32("pubkey1")
        let firstSignature = try reader.readBytes(64, "signature1")
        let second = try reader.readUInt32("pubkey2")
        let secondSignature = try reader.readBytes(64, "signature2")
        guard bytes.count >= Self.headerByteCount else {
            throw .truncated(what: what, field: "header", needed: Self.headerByteCount, available: bytes.count)
        }
        let available = bytes.count - Self.headerByteCount
        guard codeLength <= available else {
            throw .truncated(
                what: "Passport firmware", field: "code (fwlength)", needed: codeLength, available: available)
        }
        guard codeLength == available else {
            throw .trailingBytes(what: "Passport firmware", count: available - codeLength)
        }
        keyIndexes = [first, second]
        signatures = [firstSignature, secondSignature]
        digest = SHA256.doubleHash(Array(bytes[0..<34]) + bytes[Self.headerByteCount...])
        let version = versionField.nulPaddedText.map { $0.hasPrefix("v") ? String($0.dropFirst()) : $0 }
        summary = FirmwareDescription(
            vendor: .passport, format: "passport",
            model: magic == Array("PASS".utf8) ? "passport-color" : "passport-mono", version: version,
            fingerprint: digest, file: bytes,
            facts: [
                "header: date \(date.nulPaddedText ?? "?"), code \(codeLength) bytes, key indexes \(first), \(second)",
                "code SHA-256 \(SHA256.hash(bytes[Self.headerByteCount...]).hexString) (reproducible-build hash)",
            ])
    }

    func checkIntegrity() -> StepResult { StepResult(passed: true) }

    func checkSignatures(trust: FirmwareTrustStore) -> SignatureCheck {
        if keyIndexes[0] == Self.userKeyIndex {
            return SignatureCheck(
                outcome: .invalid,
                reasons: [
                    "user-signed image (key index 255): checked against a key in the device, not Foundation's keys"
                ])
        }
        guard keyIndexes[0] != keyIndexes[1] else {
            return SignatureCheck(
                outcome: .invalid,
                reasons: ["both signatures name key \(keyIndexes[0]); two different keys are required"])
        }
        var reasons: [String] = []
        for set in trust.keySets(.passport) {
            let keys = set.keys
            let valid = zip(keyIndexes, signatures).allSatisfy { index, signature in
                index < keys.count
                    && SignatureChecks.secp256k1(publicKey: keys[Int(index)], signature: signature, digest: digest)
            }
            if valid {
                return SignatureCheck(
                    outcome: set.role == .production ? .production : .development,
                    keySets: ["\(set.name) keys \(keyIndexes[0]) and \(keyIndexes[1])"])
            }
        }
        reasons.append("the two signatures do not verify with Foundation's keys \(keyIndexes[0]) and \(keyIndexes[1])")
        return SignatureCheck(outcome: .invalid, reasons: reasons)
    }

    func checkIdentity(signature: SignatureCheck, trust: FirmwareTrustStore, policy: IdentityPolicy) -> StepResult {
        keyIndexes[0] == Self.userKeyIndex
            ? StepResult(passed: false, reasons: ["user-signed firmware is not an official Foundation build"])
            : StepResult(passed: true)
    }

    var releaseLookup: ReleaseLookup? { nil }

    var noIndexReason: String {
        "Foundation publishes Passport hashes only on its release web pages, not in a repository the pinned history "
            + "could be built from"
    }
}
