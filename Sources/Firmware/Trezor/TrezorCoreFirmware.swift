internal import CustosCrypto
internal import CustosSupport

/// A Trezor core firmware file: vendor header `TRZV` + firmware header `TRZF` + code (firmware-formats.md §3.4–3.6).
struct TrezorCoreFirmware: VendorFirmwareImage {
    let vendorHeader: TrezorVendorHeader
    let header: TrezorFirmwareHeader
    let model: TrezorModel
    let code: ArraySlice<UInt8>
    let recomputedHashes: [[UInt8]]
    let signedDigest: [UInt8]
    let summary: FirmwareDescription

    init(_ bytes: [UInt8]) throws(FirmwareFormatError) {
        let what = "Trezor firmware image"
        vendorHeader = try TrezorVendorHeader(bytes)
        let codeOffset = vendorHeader.headerLength + TrezorFirmwareHeader.byteCount
        header = try TrezorFirmwareHeader(bytes, at: vendorHeader.headerLength, what: what)
        guard header.magic == "TRZF" else {
            throw .invalidField(
                what: what, field: "firmware header magic \(header.magic.escapingControlCharacters)",
                reason: "is not TRZF")
        }
        guard let model = TrezorModel(hardwareCode: header.hardwareModel), model != .t1b1 else {
            throw .unsupported(
                format: "Trezor core", reason: "hardware model \(header.hardwareModel.hexString) is not a known model")
        }
        self.model = model
        code = bytes[codeOffset...]
        guard
            let hashes = TrezorFirmwareHeader.chunkHashes(
                code: code, codeOffset: codeOffset, chunk: model.codeChunkByteCount, hash: model.imageHash,
                padding: nil)
        else { throw .invalidField(what: what, field: "codelen \(code.count)", reason: "exceeds 16 chunks") }
        recomputedHashes = hashes
        signedDigest = header.fingerprint(recomputedHashes: header.chunkHashes, hash: model.imageHash)
        let vendorModel = TrezorModel(hardwareCode: vendorHeader.hardwareModel)?.rawValue ?? "unknown"
        summary = FirmwareDescription(
            vendor: .trezor, format: "trezor-core", model: model.rawValue, version: header.versionText,
            fingerprint: header.fingerprint(recomputedHashes: hashes, hash: model.imageHash),
            file: bytes,
            facts: [
                "vendor header \"\(vendorHeader.vendorText)\" version \(vendorHeader.vendorVersion.major)."
                    + "\(vendorHeader.vendorVersion.minor), model \(vendorModel), \(vendorHeader.headerLength) bytes, "
                    + "sha256 \(vendorHeader.sha256.hexString)",
                "vendor keys \(vendorHeader.signaturesRequired) of \(vendorHeader.vendorKeys.count), "
                    + "bootloader sigmask 0x\(String(vendorHeader.sigmask, radix: 16)), "
                    + (vendorHeader.isFullTrust ? "full trust" : "NOT full trust (warnings shown on the device)"),
                "firmware header TRZF version \(header.versionText), codelen \(header.codeLength), "
                    + "sigmask 0x\(String(header.sigmask, radix: 16)), \(model.imageHash.rawValue) over "
                    + "\(model.codeChunkByteCount / 1024) KiB chunks",
            ])
    }

    /// Chunk hashes, plus the header rules the bootloader enforces and trezorlib does not.
    func checkIntegrity() -> StepResult {
        var failures: [String] = []
        for index in 0..<16 where recomputedHashes[index] != header.chunkHashes[index] {
            failures.append("code chunk \(index) does not match its hash in the firmware header")
        }
        if vendorHeader.expiry != 0 {
            failures.append("vendor header expiry is \(vendorHeader.expiry); the device requires 0")
        }
        if header.headerLength != UInt32(TrezorFirmwareHeader.byteCount) {
            failures.append("firmware header length field is \(header.headerLength); the device requires 1024")
        }
        let legacyFormat = header.hardwareModel.allSatisfy { $0 == 0 }
        if legacyFormat && header.expiry != 0 {
            failures.append("firmware header expiry is \(header.expiry); the device requires 0 for this format")
        } else if !legacyFormat && header.expiry & 1 == 0 {
            failures.append("firmware header expiry bit 0 is clear; the device requires it on \(model.rawValue)")
        }
        let total = TrezorFirmwareHeader.byteCount + header.codeLength
        if total < 4096 || total % 512 != 0 {
            failures.append("header + code is \(total) bytes; the device requires at least 4 KiB in 512-byte units")
        }
        return StepResult(failures: failures)
    }

    /// The vendor header against the model's bootloader keys (production, then development), and the firmware
    /// against the vendor header's keys. Each CoSi mask must select exactly the threshold, as the device insists.
    func checkSignatures(trust: FirmwareTrustStore) -> SignatureCheck {
        let firmware = SignatureChecks.cosi(
            signature: header.signature, digest: signedDigest, keys: vendorHeader.vendorKeys, sigmask: header.sigmask)
        var reasons: [String] = []
        if !firmware.signatureValid || firmware.signerCount < vendorHeader.signaturesRequired {
            reasons.append("firmware signature does not verify with the vendor header's keys")
        } else if firmware.signerCount != vendorHeader.signaturesRequired {
            reasons.append(
                "firmware sigmask selects \(firmware.signerCount) vendor keys; the device requires exactly "
                    + "\(vendorHeader.signaturesRequired)")
        }
        let vendorSets = [
            trust.keySet(.trezor, "\(model.rawValue).bootloader"), trust.keySet(.trezor, "core.dev.bootloader"),
        ].compactMap { $0 }
        var verdict: SignatureCheck.Outcome = .invalid
        var names: [String] = []
        for set in vendorSets {
            let check = vendorHeader.bootloaderSignature(keys: set.keys, hash: model.imageHash)
            guard check.signatureValid, check.signerCount >= set.threshold else { continue }
            if check.signerCount != set.threshold {
                reasons.append(
                    "vendor header sigmask selects \(check.signerCount) \(set.name) keys; the device requires "
                        + "exactly \(set.threshold)")
                break
            }
            verdict = set.role == .production ? .production : .development
            names = [set.name, "vendor keys (\(vendorHeader.signaturesRequired) of \(vendorHeader.vendorKeys.count))"]
            break
        }
        if verdict == .invalid && !reasons.contains(where: { $0.hasPrefix("vendor header") }) {
            reasons.append("vendor header signature does not verify with the \(model.rawValue) bootloader keys")
        }
        guard reasons.isEmpty else { return SignatureCheck(outcome: .invalid, reasons: reasons) }
        return SignatureCheck(outcome: verdict, keySets: names)
    }

    /// The vendor header must be one of the pinned official headers for this model: a header signed with the
    /// production keys is not enough (the UNSAFE look-alike is prod-signed too).
    func checkIdentity(signature: SignatureCheck, trust: FirmwareTrustStore, policy: IdentityPolicy) -> StepResult {
        TrezorVendorIdentity.check(vendorHeader, model: model, firmwareModelCode: header.hardwareModel, trust: trust)
    }

    var releaseLookup: ReleaseLookup? {
        ReleaseLookup(
            kind: .fingerprint, hash: summary.fingerprint, models: [model.rawValue], what: "Trezor fingerprint")
    }

    var noIndexReason: String { "" }
}

/// The identity rule for Trezor vendor headers, shared by firmware images and bare headers.
enum TrezorVendorIdentity {
    static func check(
        _ vendorHeader: TrezorVendorHeader, model: TrezorModel, firmwareModelCode: [UInt8]?, trust: FirmwareTrustStore
    ) -> StepResult {
        var failures: [String] = []
        if let firmwareModelCode, firmwareModelCode != vendorHeader.hardwareModel {
            failures.append(
                "vendor header is for hardware model \(vendorHeader.hardwareModel.hexString), the firmware for "
                    + firmwareModelCode.hexString)
        }
        let digest = vendorHeader.sha256.hexString
        let pinned = trust.trezorVendorHeaders.filter { $0.sha256Hex == digest }
        if let known = pinned.first(where: { !$0.official }) {
            failures.append(
                "vendor header \"\(vendorHeader.vendorText)\" is Trezor's prod-signed look-alike \(known.file), not "
                    + "an official vendor: the device shows it with warnings (UNSAFE/test vendor)")
        } else if !pinned.contains(where: { $0.official && $0.model == model.rawValue }) {
            failures.append(
                "vendor header \"\(vendorHeader.vendorText)\" (sha256 \(digest)) is not a pinned official Trezor "
                    + "vendor header for \(model.rawValue)"
                    + (vendorHeader.isFullTrust ? "" : "; it is not full trust (the device shows warnings)"))
        }
        return StepResult(failures: failures)
    }
}
