internal import CustosCrypto

/// A BitBox02 / Nova `*.signed.bin` (firmware-formats.md §5): a 588-byte header chaining root keys → three signing
/// keys → firmware, 2 of 3 at each level, P-256 ECDSA.
struct BitBox02Firmware: VendorFirmwareImage {
    static let headerByteCount = 588
    static let maximumFirmwareByteCount = 884_736

    /// Legacy (firmware versions up to 50) or the 2026 scheme that hashes the product id in.
    enum Scheme: String, Sendable {
        case legacy
        case scheme2026 = "2026"
    }

    let product: BitBox02Product
    let scheme: Scheme
    let keysVersion: UInt32
    let firmwareVersion: UInt32
    let signingKeys: [[UInt8]]
    let rootSignatures: [[UInt8]]
    let firmwareSignatures: [[UInt8]]
    /// The signed messages: M_keys over the signing keys, M_fw (the bootloader's "firmware hash").
    let keysMessage: [UInt8]
    let firmwareMessage: [UInt8]
    let payloadSHA256: [UInt8]
    let summary: FirmwareDescription

    init(_ bytes: [UInt8], product: BitBox02Product) throws(FirmwareFormatError) {
        let what = "BitBox02 signed firmware"
        var reader = ImageReader(bytes, position: 4, context: what)
        keysVersion = try reader.readUInt32("signing-keys version")
        signingKeys = try (0..<3).map { index throws(FirmwareFormatError) in
            try reader.readBytes(64, "signing key \(index + 1)")
        }
        rootSignatures = try (0..<3).map { index throws(FirmwareFormatError) in
            try reader.readBytes(64, "root signature \(index + 1)")
        }
        firmwareVersion = try reader.readUInt32("firmware version")
        firmwareSignatures = try (0..<3).map { index throws(FirmwareFormatError) in
            try reader.readBytes(64, "firmware signature \(index + 1)")
        }
        let payload = bytes[Self.headerByteCount...]
        guard payload.count <= Self.maximumFirmwareByteCount else {
            throw .invalidField(
                what: what, field: "firmware of \(payload.count) bytes",
                reason: "exceeds the \(Self.maximumFirmwareByteCount)-byte firmware area")
        }
        self.product = product
        scheme = firmwareVersion >= 51 ? .scheme2026 : .legacy
        let keysPart = bytes[4..<200]
        let firmwareHash = Self.firmwareMessage(
            payload: payload, version: firmwareVersion, product: product, scheme: scheme)
        switch scheme {
        case .legacy:
            keysMessage = SHA256.doubleHash(keysPart)
        case .scheme2026:
            keysMessage = SHA256.hash(Self.littleEndian(product.productID) + Array(keysPart))
        }
        firmwareMessage = firmwareHash
        payloadSHA256 = SHA256.hash(payload)
        summary = FirmwareDescription(
            vendor: .bitbox02, format: "bitbox02", model: product.rawValue, version: nil,
            fingerprint: firmwareHash, file: bytes,
            facts: [
                "edition \(product.rawValue) (product id \(product.productID)), firmware version counter "
                    + "\(firmwareVersion), signing-keys version \(keysVersion), \(scheme.rawValue) signing scheme",
                "payload \(payload.count) bytes, SHA-256 \(payloadSHA256.hexString) (reproducible-build hash)",
            ])
    }

    /// M_fw: the hash over the version and the firmware padded with 0xFF to the whole firmware area, as the
    /// bootloader computes it (and shows it as the firmware hash).
    static func firmwareMessage(
        payload: ArraySlice<UInt8>, version: UInt32, product: BitBox02Product, scheme: Scheme
    ) -> [UInt8] {
        var hasher = SHA256.Hasher()
        if scheme == .scheme2026 { hasher.update(littleEndian(product.productID)) }
        hasher.update(littleEndian(version))
        hasher.update(payload)
        let erased = [UInt8](repeating: 0xFF, count: 16 * 1024)
        var remaining = maximumFirmwareByteCount - payload.count
        while remaining > 0 {
            hasher.update(erased[0..<min(remaining, erased.count)])
            remaining -= min(remaining, erased.count)
        }
        let inner = hasher.finalize()
        return scheme == .legacy ? SHA256.hash(inner) : inner
    }

    static func littleEndian(_ value: some FixedWidthInteger) -> [UInt8] {
        (0..<(value.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    /// Signatures are positional (signature i by key i); all-zero ones are skipped, a present invalid one fails.
    static func countValid(signatures: [[UInt8]], keys: [[UInt8]], message: [UInt8]) -> Int? {
        var valid = 0
        for (index, signature) in signatures.enumerated() where signature.contains(where: { $0 != 0 }) {
            guard index < keys.count,
                SignatureChecks.p256(publicKey: keys[index], signature: signature, message: message)
            else { return nil }
            valid += 1
        }
        return valid
    }

    func checkIntegrity() -> StepResult { StepResult(passed: true) }

    func checkSignatures(trust: FirmwareTrustStore) -> SignatureCheck {
        var reasons: [String] = []
        guard
            let firmwareValid = Self.countValid(
                signatures: firmwareSignatures, keys: signingKeys, message: firmwareMessage), firmwareValid >= 2
        else {
            return SignatureCheck(
                outcome: .invalid,
                reasons: [
                    "firmware signatures do not meet 2 of 3 with the image's signing keys (\(scheme.rawValue) scheme)"
                ])
        }
        // A device holds only its own edition's root keys, and the legacy scheme does not sign the edition magic:
        // a generation for another edition must not vouch for this one.
        let sets = trust.keySets(.bitbox02)
        for set in sets where product.acceptsRootGeneration(set.name) {
            guard let rootValid = Self.countValid(signatures: rootSignatures, keys: set.keys, message: keysMessage),
                rootValid >= set.threshold
            else { continue }
            return SignatureCheck(
                outcome: set.role == .production ? .production : .development,
                keySets: ["root keys \(set.name)", "signing keys (2 of 3)"])
        }
        for set in sets where !product.acceptsRootGeneration(set.name) {
            if let valid = Self.countValid(signatures: rootSignatures, keys: set.keys, message: keysMessage),
                valid >= set.threshold
            {
                return SignatureCheck(
                    outcome: .invalid,
                    reasons: [
                        "certified by the \(set.name) root keys, which belong to another edition than "
                            + "\(product.rawValue): the edition magic does not match the signed image"
                    ])
            }
        }
        reasons.append("the signing keys are not certified 2 of 3 by any pinned BitBox02 root key generation")
        return SignatureCheck(outcome: .invalid, reasons: reasons)
    }

    func checkIdentity(signature: SignatureCheck, trust: FirmwareTrustStore, policy: IdentityPolicy) -> StepResult {
        guard let expected = policy.expectedBitBox02Product, expected != product.rawValue else {
            return StepResult(passed: true)
        }
        return StepResult(passed: false, reasons: ["edition is \(product.rawValue), the team expects \(expected)"])
    }

    var releaseLookup: ReleaseLookup? {
        ReleaseLookup(
            kind: .payloadSHA256, hash: payloadSHA256, models: [product.rawValue], what: "BitBox02 payload SHA-256")
    }

    var noIndexReason: String { "" }
}
