import CustosCrypto
import CustosSupport
import CustosTestSupport
import Foundation
import Testing

@testable import Firmware

/// The manifest step with hand-built approval lists (the TUF module supplies real ones): fingerprint or file hash
/// for the right model, version equal to the approved one and not below min_version.
@Suite("Firmware manifest approval")
struct ApprovalTests {
    /// A BitBox02 image signed with Custos TEST roots, verified with a store that trusts them: genuine except that
    /// no release index lists it, so only an approval can accept it.
    private func testImage() throws -> (FirmwareImage, FirmwareVerifier) {
        let entry = try #require(
            try TestImages.manifest().first { $0.file.hasSuffix("bitbox02-btconly-2026-test.bin") })
        return (
            try FirmwareImage(bytes: try TestImages.bytes(entry)),
            FirmwareVerifier(trust: try TestImages.storeTrustingTestKeys())
        )
    }

    private func approval(
        _ image: FirmwareImage, model: String? = nil, version: String = "9.30.0", minVersion: String = "9.20.0",
        sha256: String? = nil, fingerprint: String? = nil
    ) -> ApprovedFirmware {
        ApprovedFirmware(
            vendor: .bitbox02, model: model ?? image.description.model ?? "", version: version,
            fingerprint: fingerprint ?? image.description.fingerprint.hexString, sha256: sha256,
            minVersion: minVersion, channel: "stable")
    }

    @Test func approvedImageIsAcceptedAndUnapprovedIsNot() throws {
        let (image, verifier) = try testImage()
        let unlisted = verifier.verify(image)
        #expect(unlisted.signature.outcome == .production)
        #expect(!unlisted.genuine, "not in the release index and no manifest")
        #expect(unlisted.verdict == .unlisted && !unlisted.accepted)
        #expect(unlisted.problems.contains { $0.message.contains("no pinned official release index") })
        #expect(unlisted.problems.contains { $0.message == FirmwareVerdict.unlistedMessage })

        // An approval accepts it, but does not make it a vendor release: still not genuine.
        let approved = verifier.verify(image, approvals: ApprovedFirmwareList([approval(image)]))
        #expect(approved.approved == true)
        #expect(!approved.genuine && approved.accepted)
        #expect(approved.verdict == .unlisted && approved.printedVerdict == .unlisted)
        #expect(approved.problems.isEmpty)
        #expect(approved.version == nil, "BitBox02 carries only a counter; the approval states the version")

        let other = verifier.verify(
            image, approvals: ApprovedFirmwareList([approval(image, fingerprint: String(repeating: "ab", count: 32))]))
        #expect(other.approved == false)
        #expect(other.problems.contains { $0.message.contains("is not an approved bitbox02 target") })
    }

    @Test func wrongModelRollbackAndHashMismatchAreRefused() throws {
        let (image, verifier) = try testImage()
        let wrongModel = verifier.verify(
            image, approvals: ApprovedFirmwareList([approval(image, model: "bitbox02-multi")]))
        #expect(wrongModel.approved == false)
        #expect(wrongModel.problems.contains { $0.message.contains("not for bitbox02-btconly") })

        let rollback = verifier.verify(
            image, approvals: ApprovedFirmwareList([approval(image, version: "9.19.0", minVersion: "9.20.0")]))
        #expect(rollback.approved == false)
        #expect(rollback.problems.contains { $0.message.contains("rollback") })

        let wrongFile = verifier.verify(
            image, approvals: ApprovedFirmwareList([approval(image, sha256: String(repeating: "00", count: 32))]))
        #expect(wrongFile.approved == false)
        #expect(wrongFile.problems.contains { $0.message.contains("differs from the approved target") })

        let rightFile = verifier.verify(
            image,
            approvals: ApprovedFirmwareList([approval(image, sha256: image.description.fileSHA256.hexString)]))
        #expect(rightFile.approved == true)
    }

    @Test func versionCarriedByTheImageMustEqualTheApproval() throws {
        let entry = try #require(try TestImages.manifest().first { $0.file.hasSuffix("passport-color-test.bin") })
        let image = try FirmwareImage(bytes: try TestImages.bytes(entry))
        let verifier = FirmwareVerifier(trust: try TestImages.storeTrustingTestKeys())
        func approval(version: String, minVersion: String) -> ApprovedFirmware {
            ApprovedFirmware(
                vendor: .passport, model: "passport-color", version: version,
                fingerprint: image.description.fingerprint.hexString, minVersion: minVersion)
        }
        let exact = verifier.verify(
            image, approvals: ApprovedFirmwareList([approval(version: "2.3.5", minVersion: "2.3.0")]))
        #expect(exact.accepted, "\(exact.problems)")
        let mismatch = verifier.verify(
            image, approvals: ApprovedFirmwareList([approval(version: "2.4.0", minVersion: "2.3.0")]))
        #expect(mismatch.approved == false)
        let below = verifier.verify(
            image, approvals: ApprovedFirmwareList([approval(version: "2.3.5", minVersion: "2.10.0")]))
        #expect(below.approved == false, "2.3.5 < 2.10.0 numerically, not as text")
        #expect(exact.verdict == .unlisted && !exact.genuine)
        // Without a manifest: Passport publishes no index Custos can pin, so a vendor-signed image is UNLISTED, not
        // genuine on signature and identity alone.
        let alone = verifier.verify(image)
        #expect(!alone.genuine && !alone.accepted && alone.verdict == .unlisted)
        #expect(alone.approved == nil)
        #expect(alone.problems.contains { $0.message == FirmwareVerdict.unlistedMessage })
    }

    /// The approval type maps 1:1 onto the TUF target's custom "custos" object.
    @Test func approvalDecodesFromTheManifestProfile() throws {
        let text = """
            {"vendor": "trezor", "model": "T3T1", "version": "2.8.1", "fingerprint": "ABCD", "min_version": "2.8.0",
             "channel": "stable", "sha256": "00ff"}
            """
        let decoded = try JSONDecoder().decode(ApprovedFirmware.self, from: Data(text.utf8))
        #expect(decoded.vendor == .trezor && decoded.model == "T3T1" && decoded.minVersion == "2.8.0")
        #expect(decoded.channel == "stable" && decoded.sha256 == "00ff")
    }

    @Test(arguments: [
        ("2.8.1", "2.8.0", false), ("2.8.0", "2.8.1", true), ("2.10.0", "2.9.9", false), ("1.12", "1.12.0", false),
        ("v9.26.3", "9.26.4", true),
    ])
    func dottedVersionsCompareNumerically(lhs: String, rhs: String, less: Bool) throws {
        let left = try #require(DottedVersion.parse(releaseName: lhs))
        let right = try #require(DottedVersion.parse(releaseName: rhs))
        #expect((left < right) == less)
        #expect(DottedVersion("2.x") == nil && DottedVersion("") == nil && DottedVersion("1..2") == nil)
    }
}
