internal import CustosCrypto
internal import CustosSupport
internal import Firmware

/// Fuzz targets for the firmware image parsers (every vendor format, through the same entry point the CLI uses)
/// and the full verifier.
public enum FirmwareFuzzTargets {
    /// `FirmwareImage(bytes:)`: any bytes give an image or a `FirmwareFormatError`, never a crash. An accepted
    /// image describes itself consistently, and everything it prints is free of control characters.
    public static func parse(_ bytes: [UInt8]) throws(InvariantFailure) {
        let image: FirmwareImage
        do {
            image = try FirmwareImage(bytes: bytes)
        } catch {
            try TerminalText.requirePrintable([error.description], "parse error")
            return
        }
        let description = image.description
        try InvariantFailure.require(
            description.fingerprint.count == 32, "fingerprint of \(description.fingerprint.count) bytes")
        try InvariantFailure.require(!description.facts.isEmpty, "an accepted image states no facts")
        try TerminalText.requirePrintable(
            [description.format, description.model ?? "", description.version ?? ""] + description.facts,
            "image description")
        if description.vendor == .trezor {
            // Every Trezor container fixes its length (codelen, payload length, hdrlen), as the bootloaders do.
            try InvariantFailure.require(
                (try? FirmwareImage(bytes: bytes + [0])) == nil,
                "a \(description.format) image with one byte appended still parses")
        }
        if description.vendor == .bitbox02 {
            // What the bootloader reports as the firmware hash is the image's fingerprint.
            let hashes = try? BitBox02FirmwareHash.expectedHashes(signedImage: bytes)
            try InvariantFailure.require(
                hashes?.firmware == description.fingerprint,
                "BitBox02 device hash \(hashes?.firmware.hexString ?? "none") is not the fingerprint")
        }
    }

    /// `FirmwareVerifier` on whatever parses: the verdict is consistent with its steps, nothing in the corpus (made
    /// from test images signed with public or TEST keys) is ever genuine, a signature never verifies for content
    /// nobody signed, and the manifest step approves exactly what the approval names.
    public static func verify(_ bytes: [UInt8]) throws(InvariantFailure) {
        guard let image = try? FirmwareImage(bytes: bytes) else { return }
        let verifier = FirmwareVerifier()
        let result = verifier.verify(image)
        let fingerprint = result.image.fingerprint.hexString
        try InvariantFailure.require(
            !result.genuine, "\(result.image.format) image \(fingerprint) verified as GENUINE: \(result.signature)")
        try requireConsistent(result)
        try InvariantFailure.require(result.approved == nil, "approved without an approval list")
        if result.integrity.passed, result.signature.outcome != .invalid {
            try InvariantFailure.require(
                SignedTestImages.fingerprints.contains(fingerprint),
                "signature verified (\(result.signature.outcome), \(result.signature.keySets)) for content "
                    + "\(fingerprint) that no test image signs")
        }
        try checkApprovals(image, result, verifier: verifier)
    }

    /// `TrezorVendorHeader`, the one parser the Firmware module exposes on its own (for vendor headers fetched
    /// separately): its fields stay inside the header and agree with its length.
    public static func vendorHeader(_ bytes: [UInt8]) throws(InvariantFailure) {
        guard let header = try? TrezorVendorHeader(bytes) else { return }
        let length = header.headerLength
        try InvariantFailure.require(
            length >= 512 && length % 512 == 0 && length <= bytes.count && header.bytes == Array(bytes[0..<length]),
            "header length \(length) for \(bytes.count) input bytes")
        try InvariantFailure.require(
            header.signaturesRequired >= 1 && header.signaturesRequired <= header.vendorKeys.count,
            "sig_m \(header.signaturesRequired) with \(header.vendorKeys.count) keys")
        try InvariantFailure.require(header.vendorKeys.allSatisfy { $0.count == 32 }, "a vendor key is not 32 bytes")
        try InvariantFailure.require(
            header.sigmask == header.bytes[length - 65] && header.signature == Array(header.bytes[(length - 64)...]),
            "sigmask and signature are not the header's last 65 bytes")
        try InvariantFailure.require(header.hardwareModel.count == 4, "hw_model is not 4 bytes")
    }

    /// The verdict follows from the steps, and what is printed for a refusal says why.
    private static func requireConsistent(_ result: FirmwareVerification) throws(InvariantFailure) {
        for (name, step) in [("integrity", result.integrity), ("identity", result.identity)] {
            try InvariantFailure.require(
                step.passed == step.reasons.isEmpty, "\(name) passed=\(step.passed) with reasons \(step.reasons)")
        }
        try InvariantFailure.require(
            result.accepted == result.problems.isEmpty,
            "accepted=\(result.accepted) but problems \(result.problems)")
        try InvariantFailure.require(
            result.signature.outcome != .invalid || result.signature.keySets.isEmpty,
            "invalid signature names key sets \(result.signature.keySets)")
        try TerminalText.requirePrintable(
            result.problems.map(\.message) + result.signature.keySets, "verification problems")
    }

    /// An approval of the image's own fingerprint, model and version is granted; raising its `min_version` above
    /// the image's version refuses it as a rollback.
    private static func checkApprovals(
        _ image: FirmwareImage, _ result: FirmwareVerification, verifier: FirmwareVerifier
    ) throws(InvariantFailure) {
        let description = result.image
        guard let version = result.version, let dotted = DottedVersion(version),
            let model = description.model?.split(separator: "/").first.map(String.init)
        else { return }
        let bumped = (dotted.components.dropLast() + [dotted.components[dotted.components.count - 1] + 1])
            .map(String.init).joined(separator: ".")
        for (minimum, expected) in [(version, true), (bumped, false)] {
            let approval = ApprovedFirmware(
                vendor: description.vendor, model: model, version: version,
                fingerprint: description.fingerprint.hexString, minVersion: minimum)
            let approved = verifier.verify(image, approvals: ApprovedFirmwareList([approval])).approval
            try InvariantFailure.require(
                approved?.approved == expected,
                "approval of version \(version) with min_version \(minimum): approved=\(approved?.approved as Any), "
                    + "reasons \(approved?.reasons ?? [])")
        }
    }
}
