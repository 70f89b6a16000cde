internal import CustosCrypto

/// A Trezor core bootloader `TRZB` (firmware-formats.md §3.7): the firmware header layout signed by the model's
/// boardloader keys.
struct TrezorBootloader: VendorFirmwareImage {
    let header: TrezorFirmwareHeader
    let model: TrezorModel
    let recomputedHashes: [[UInt8]]
    let signedDigest: [UInt8]
    let summary: FirmwareDescription

    init(_ bytes: [UInt8]) throws(FirmwareFormatError) {
        let what = "Trezor bootloader image"
        header = try TrezorFirmwareHeader(bytes, at: 0, what: what)
        guard let model = TrezorModel(hardwareCode: header.hardwareModel), model != .t1b1 else {
            throw .unsupported(
                format: "Trezor bootloader",
                reason: "hardware model \(header.hardwareModel.hexString) is not a known model")
        }
        self.model = model
        guard
            let hashes = TrezorFirmwareHeader.chunkHashes(
                code: bytes[TrezorFirmwareHeader.byteCount...], codeOffset: TrezorFirmwareHeader.byteCount,
                chunk: model.codeChunkByteCount, hash: model.imageHash, padding: nil)
        else { throw .invalidField(what: what, field: "codelen \(header.codeLength)", reason: "exceeds 16 chunks") }
        recomputedHashes = hashes
        signedDigest = header.fingerprint(recomputedHashes: header.chunkHashes, hash: model.imageHash)
        summary = FirmwareDescription(
            vendor: .trezor, format: "trezor-bootloader", model: model.rawValue, version: header.versionText,
            fingerprint: header.fingerprint(recomputedHashes: hashes, hash: model.imageHash),
            file: bytes,
            facts: [
                "bootloader header TRZB version \(header.versionText), codelen \(header.codeLength), "
                    + "sigmask 0x\(String(header.sigmask, radix: 16)), \(model.imageHash.rawValue)"
            ])
    }

    func checkIntegrity() -> StepResult {
        StepResult(
            failures: (0..<16).filter { recomputedHashes[$0] != header.chunkHashes[$0] }.map {
                "code chunk \($0) does not match its hash in the bootloader header"
            })
    }

    func checkSignatures(trust: FirmwareTrustStore) -> SignatureCheck {
        TrezorCoSiRole.check(
            signature: header.signature, digest: signedDigest, sigmask: header.sigmask,
            sets: ["\(model.rawValue).boardloader", "core.dev.boardloader"], trust: trust, what: "bootloader")
    }

    func checkIdentity(signature: SignatureCheck, trust: FirmwareTrustStore, policy: IdentityPolicy) -> StepResult {
        StepResult(passed: true)
    }

    /// The production bootloaders Trezor ships in trezor-firmware's history, by fingerprint.
    var releaseLookup: ReleaseLookup? {
        ReleaseLookup(
            kind: .bootloaderFingerprint, hash: summary.fingerprint, models: [model.rawValue],
            what: "Trezor bootloader fingerprint")
    }

    var noIndexReason: String { "" }
}

/// A Trezor T3W1 secure monitor `TSEC` (firmware-formats.md §3.7): a 512-byte header with one code hash, signed by
/// the model's secmon keys.
struct TrezorSecureMonitor: VendorFirmwareImage {
    static let headerByteCount = 512

    let headerBytes: [UInt8]
    let model: TrezorModel
    let codeHash: [UInt8]
    let storedHash: [UInt8]
    let signedDigest: [UInt8]
    let summary: FirmwareDescription

    init(_ bytes: [UInt8]) throws(FirmwareFormatError) {
        let what = "Trezor secure monitor image"
        var reader = ImageReader(bytes, context: what)
        headerBytes = try reader.readBytes(Self.headerByteCount, "the 512-byte header")
        let codeLength = Int(littleEndianUInt32(headerBytes, at: 8))
        guard codeLength <= reader.remainingCount else {
            throw .truncated(what: what, field: "code (codelen)", needed: codeLength, available: reader.remainingCount)
        }
        guard codeLength == reader.remainingCount else {
            throw .trailingBytes(what: what, count: reader.remainingCount - codeLength)
        }
        guard let model = TrezorModel(hardwareCode: Array(headerBytes[16..<20])), model != .t1b1 else {
            throw .unsupported(format: "Trezor secure monitor", reason: "unknown hardware model")
        }
        self.model = model
        codeHash = model.imageHash.hash(bytes[Self.headerByteCount...])
        storedHash = Array(headerBytes[0x18..<0x38])
        let version = "\(headerBytes[12]).\(headerBytes[13]).\(headerBytes[14])"
        signedDigest = Self.digest(header: headerBytes, codeHash: storedHash, hash: model.imageHash)
        summary = FirmwareDescription(
            vendor: .trezor, format: "trezor-secmon", model: model.rawValue, version: version,
            fingerprint: Self.digest(header: headerBytes, codeHash: codeHash, hash: model.imageHash),
            file: bytes,
            facts: ["secure monitor header TSEC version \(version), codelen \(codeLength)"])
    }

    /// trezorlib's digest: the header with the given code hash, hdrlen rebuilt as 512, sigmask and signature zeroed.
    static func digest(header: [UInt8], codeHash: [UInt8], hash: TrezorImageHash) -> [UInt8] {
        var copy = header.zeroing(0x1BF..<0x200)
        copy.replaceSubrange(0x18..<0x38, with: codeHash)
        copy.replaceSubrange(4..<8, with: [0x00, 0x02, 0x00, 0x00])
        return hash.hash(copy)
    }

    func checkIntegrity() -> StepResult {
        StepResult(
            failures: codeHash == storedHash ? [] : ["code hash does not match the hash in the secure monitor header"])
    }

    func checkSignatures(trust: FirmwareTrustStore) -> SignatureCheck {
        TrezorCoSiRole.check(
            signature: Array(headerBytes[0x1C0..<0x200]), digest: signedDigest, sigmask: headerBytes[0x1BF],
            sets: ["\(model.rawValue).secmon", "core.dev.secmon"], trust: trust, what: "secure monitor")
    }

    func checkIdentity(signature: SignatureCheck, trust: FirmwareTrustStore, policy: IdentityPolicy) -> StepResult {
        StepResult(passed: true)
    }

    /// The secure monitors Trezor ships in trezor-firmware's history, by fingerprint.
    var releaseLookup: ReleaseLookup? {
        ReleaseLookup(
            kind: .secmonFingerprint, hash: summary.fingerprint, models: [model.rawValue],
            what: "Trezor secure monitor fingerprint")
    }

    var noIndexReason: String { "" }
}

/// A CoSi signature checked against pinned key sets in order (production first), with the device's exact count.
enum TrezorCoSiRole {
    static func check(
        signature: [UInt8], digest: [UInt8], sigmask: UInt8, sets names: [String], trust: FirmwareTrustStore,
        what: String
    ) -> SignatureCheck {
        for name in names {
            guard let set = trust.keySet(.trezor, name) else { continue }
            let check = SignatureChecks.cosi(signature: signature, digest: digest, keys: set.keys, sigmask: sigmask)
            guard check.signatureValid, check.signerCount >= set.threshold else { continue }
            guard check.signerCount == set.threshold else {
                return SignatureCheck(
                    outcome: .invalid,
                    reasons: [
                        "\(what) sigmask selects \(check.signerCount) \(set.name) keys; the device requires exactly "
                            + "\(set.threshold)"
                    ])
            }
            return SignatureCheck(outcome: set.role == .production ? .production : .development, keySets: [set.name])
        }
        return SignatureCheck(
            outcome: .invalid, reasons: ["\(what) signature does not verify with the pinned \(names[0]) keys"])
    }
}
