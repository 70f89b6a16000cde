import CustosTestSupport
import Testing

@testable import Firmware

/// Threshold − 1 for every vendor scheme with a threshold: each image carries valid signatures by one signer fewer
/// than its scheme needs (Trezor vendor header, firmware, bootloader and secure monitor CoSi; Trezor One v1/v2/v3
/// slots; BitBox02 root and firmware signatures in both schemes; Passport's two keys). The keys that signed are
/// trusted here as if they were production keys, so nothing but the signer count stands between these images and
/// a production verdict; each image's complete sibling shows that the same store does accept a full threshold.
@Suite("Signature thresholds: one signer short is refused")
struct SignatureThresholdTests {
    /// Embedded store + Custos TEST keys as production; Trezor's public dev keys stay development, so a Trezor image
    /// one signer short that slipped through would verify as `development` instead of `invalid`.
    static func store() throws -> FirmwareTrustStore { try TestImages.storeTrustingTestKeys() }

    @Test func everyShortImageIsRefusedAndItsCompleteSiblingVerifies() throws {
        let entries = try TestImages.manifest()
        let byFile = Dictionary(uniqueKeysWithValues: entries.map { ($0.file, $0) })
        let verifier = FirmwareVerifier(trust: try Self.store())
        var schemes: Set<String> = []
        for entry in entries {
            guard let short = entry.threshold_short else { continue }
            let result = verifier.verify(try FirmwareImage(bytes: try TestImages.bytes(entry)))
            #expect(result.integrity.passed, "\(entry): only the signatures may be wrong")
            #expect(result.signature.outcome == .invalid, "\(entry) (\(short)) verified: \(result.signature)")
            #expect(!result.genuine && !result.accepted, "\(entry)")
            #expect(!result.signature.reasons.isEmpty, "\(entry): a refusal must say why")

            let siblingName = try #require(entry.complete_sibling, "\(entry) names no complete sibling")
            let sibling = try #require(byFile[siblingName], "\(siblingName) is not in the manifest")
            let complete = verifier.verify(try FirmwareImage(bytes: try TestImages.bytes(sibling)))
            #expect(complete.signature.outcome != .invalid, "\(siblingName) (full threshold) \(complete.signature)")
            schemes.insert("\(entry.vendor ?? "?") \(short)")
        }
        // Trezor: vendor header, firmware, bootloader, secmon, T1 v1, v2, v3; BitBox02: root and firmware
        // (legacy and 2026 schemes share the messages); Passport.
        #expect(schemes.count >= 10, "\(schemes.sorted())")
        for vendor in ["trezor", "bitbox02", "passport"] {
            #expect(schemes.contains { $0.hasPrefix(vendor) }, "no threshold − 1 image for \(vendor)")
        }
        reportVectorCount("threshold - 1 images refused", passed: schemes.count, total: schemes.count)
    }
}
