internal import CustosCrypto

/// A Trezor One `TRZF` image (firmware 1.8 and later), bare or embedded in a `TRZR` file (firmware-formats.md §3.3).
struct TrezorOneImage: Sendable {
    static let v3FirstVersion: [UInt8] = [1, 12, 0]

    let header: TrezorFirmwareHeader
    let code: ArraySlice<UInt8>
    let recomputedHashes: [[UInt8]]?
    /// trezorlib's fingerprint (recomputed chunk hashes) and the digest the signatures cover (the header as is).
    let fingerprint: [UInt8]
    let signedDigest: [UInt8]

    /// Parses the `TRZF` image that starts at `offset` and runs to the end of `bytes`.
    init(_ bytes: [UInt8], at offset: Int) throws(FirmwareFormatError) {
        header = try TrezorFirmwareHeader(bytes, at: offset, what: "Trezor One firmware image")
        code = bytes[(offset + TrezorFirmwareHeader.byteCount)...]
        recomputedHashes = TrezorFirmwareHeader.chunkHashes(
            code: code, codeOffset: TrezorFirmwareHeader.byteCount, chunk: 64 * 1024, hash: .sha256, padding: 0xFF)
        guard let recomputedHashes else {
            throw .invalidField(
                what: "Trezor One firmware image", field: "codelen \(code.count)", reason: "exceeds 16 chunks")
        }
        fingerprint = header.fingerprint(recomputedHashes: recomputedHashes, hash: .sha256)
        signedDigest = header.fingerprint(recomputedHashes: header.chunkHashes, hash: .sha256)
    }

    var versionText: String { header.versionText }

    func checkIntegrity() -> StepResult {
        var failures: [String] = []
        if let recomputedHashes {
            for index in 0..<16 where recomputedHashes[index] != header.chunkHashes[index] {
                failures.append("code chunk \(index) does not match its hash in the firmware header")
            }
        }
        return StepResult(failures: failures)
    }

    /// v3 (2-of-3 over the signed-message digest) from 1.12.0 on, else v2 (3-of-5 over the fingerprint), against
    /// the production keys, then the public debug keys.
    func checkSignatures(trust: FirmwareTrustStore) -> SignatureCheck {
        let slots = TrezorOneSignatureSlots(indexes: header.legacyKeyIndexes, signatures: header.legacySignatures)
        let messageDigest = SHA256.doubleHash(
            [0x18] + Array("Bitcoin Signed Message:\n".utf8) + [0x20] + signedDigest)
        var schemes: [(name: String, digest: [UInt8])] = [("v2", signedDigest)]
        if header.version.prefix(3).lexicographicallyPrecedes(Self.v3FirstVersion) == false {
            schemes.insert(("v3", messageDigest), at: 0)
        }
        var reasons: [String] = []
        for role in [KeyRole.production, .development] {
            for scheme in schemes {
                let name = "T1.\(scheme.name == "v3" ? "v3" : "v1v2")" + (role == .production ? "" : ".debug")
                guard let set = trust.keySet(.trezor, name) else { continue }
                if let failure = slots.failure(digest: scheme.digest, required: set.threshold, keys: set.keys) {
                    if role == .production { reasons.append("\(scheme.name) signatures: \(failure)") }
                } else {
                    let outcome: SignatureCheck.Outcome = role == .production ? .production : .development
                    return SignatureCheck(
                        outcome: outcome, keySets: ["\(name) (\(scheme.name), slots \(slots.slotText))"])
                }
            }
        }
        return SignatureCheck(outcome: .invalid, reasons: reasons)
    }

    var facts: [String] {
        [
            "firmware header TRZF, version \(versionText), codelen \(header.codeLength)",
            "signature slots \(header.legacyKeyIndexes.map(String.init).joined(separator: ","))",
        ]
    }
}

/// A bare Trezor One `TRZF` file.
struct TrezorOneFirmware: VendorFirmwareImage {
    let image: TrezorOneImage
    let summary: FirmwareDescription

    init(_ bytes: [UInt8]) throws(FirmwareFormatError) {
        image = try TrezorOneImage(bytes, at: 0)
        let scheme = image.header.version.prefix(3).lexicographicallyPrecedes(TrezorOneImage.v3FirstVersion)
        summary = FirmwareDescription(
            vendor: .trezor, format: scheme ? "trezor-one-v2" : "trezor-one-v3", model: TrezorModel.t1b1.rawValue,
            version: image.versionText, fingerprint: image.fingerprint, file: bytes,
            facts: image.facts)
    }

    func checkIntegrity() -> StepResult { image.checkIntegrity() }

    func checkSignatures(trust: FirmwareTrustStore) -> SignatureCheck { image.checkSignatures(trust: trust) }

    func checkIdentity(signature: SignatureCheck, trust: FirmwareTrustStore, policy: IdentityPolicy) -> StepResult {
        StepResult(passed: true)
    }

    var releaseLookup: ReleaseLookup? {
        ReleaseLookup(kind: .fingerprint, hash: image.fingerprint, models: ["T1B1"], what: "Trezor fingerprint")
    }

    var noIndexReason: String { "" }
}
