internal import CustosCrypto

/// A Trezor One legacy `TRZR` file (firmware-formats.md §3.2): a 256-byte header with three secp256k1 signatures
/// over SHA-256 of the payload. From 1.8 on the payload is itself a `TRZF` image, verified as well.
struct TrezorLegacyFirmware: VendorFirmwareImage {
    static let headerByteCount = 256

    let slots: TrezorOneSignatureSlots
    let payloadDigest: [UInt8]
    let embedded: TrezorOneImage?
    let summary: FirmwareDescription

    init(_ bytes: [UInt8]) throws(FirmwareFormatError) {
        let what = "Trezor One legacy image"
        var reader = ImageReader(bytes, context: what)
        _ = try reader.readBytes(4, "magic")
        let payloadLength = Int(try reader.readUInt32("payload length"))
        let indexes = try reader.readBytes(3, "signature indexes")
        try reader.skip(53)
        let signatures = try (0..<3).map { slot throws(FirmwareFormatError) in
            try reader.readBytes(64, "signature \(slot + 1)")
        }
        guard payloadLength <= reader.remainingCount else {
            throw .truncated(
                what: what, field: "payload (length field)", needed: payloadLength, available: reader.remainingCount)
        }
        guard payloadLength == reader.remainingCount else {
            throw .trailingBytes(what: what, count: reader.remainingCount - payloadLength)
        }
        slots = TrezorOneSignatureSlots(indexes: indexes, signatures: signatures)
        let payload = bytes[Self.headerByteCount...]
        payloadDigest = SHA256.hash(payload)
        if payload.starts(with: Array("TRZF".utf8)) {
            embedded = try TrezorOneImage(bytes, at: Self.headerByteCount)
        } else {
            embedded = nil
        }
        var facts = ["legacy header TRZR, payload \(payloadLength) bytes, signature slots \(slots.slotText)"]
        if let embedded {
            facts.append("embedded image fingerprint \(embedded.fingerprint.hexString)")
            facts += embedded.facts
        }
        summary = FirmwareDescription(
            vendor: .trezor, format: embedded == nil ? "trezor-legacy-v1" : "trezor-legacy-v1+one-v2",
            model: TrezorModel.t1b1.rawValue, version: embedded?.versionText, fingerprint: payloadDigest,
            file: bytes, facts: facts)
    }

    func checkIntegrity() -> StepResult { embedded?.checkIntegrity() ?? StepResult(passed: true) }

    /// The outer signatures (v1, 3 of 5) and, for a wrapped image, the embedded image's own signatures: the result
    /// is only as strong as the weaker of the two.
    func checkSignatures(trust: FirmwareTrustStore) -> SignatureCheck {
        var outer = SignatureCheck(outcome: .invalid)
        var reasons: [String] = []
        for (role, name) in [(KeyRole.production, "T1.v1v2"), (.development, "T1.v1v2.debug")] {
            guard let set = trust.keySet(.trezor, name) else { continue }
            if let failure = slots.failure(digest: payloadDigest, required: set.threshold, keys: set.keys) {
                if role == .production { reasons.append("legacy signatures: \(failure)") }
            } else {
                outer = SignatureCheck(
                    outcome: role == .production ? .production : .development,
                    keySets: ["\(name) (v1, slots \(slots.slotText))"])
                break
            }
        }
        guard let embedded else {
            return outer.outcome == .invalid ? SignatureCheck(outcome: .invalid, reasons: reasons) : outer
        }
        let inner = embedded.checkSignatures(trust: trust)
        let reasonsInner = inner.reasons.map { "embedded image: \($0)" }
        switch (outer.outcome, inner.outcome) {
        case (.invalid, _), (_, .invalid):
            return SignatureCheck(outcome: .invalid, reasons: reasons + reasonsInner)
        case (.production, .production):
            return SignatureCheck(outcome: .production, keySets: outer.keySets + inner.keySets)
        default:
            return SignatureCheck(outcome: .development, keySets: outer.keySets + inner.keySets)
        }
    }

    func checkIdentity(signature: SignatureCheck, trust: FirmwareTrustStore, policy: IdentityPolicy) -> StepResult {
        StepResult(passed: true)
    }

    var releaseLookup: ReleaseLookup? {
        ReleaseLookup(kind: .fingerprint, hash: payloadDigest, models: ["T1B1"], what: "Trezor fingerprint")
    }

    var noIndexReason: String { "" }
}
