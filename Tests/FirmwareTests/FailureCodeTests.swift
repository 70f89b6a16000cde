import CustosSupport
import CustosTestSupport
import Firmware
import Testing

@Suite("Firmware failure codes")
struct FirmwareFailureCodeTests {
    @Test func unreadableImagesAreMalformed() {
        let empty = #expect(throws: FirmwareFormatError.self) { try FirmwareImage(bytes: []) }
        #expect(empty?.code.name == "firmware.image.empty" && empty?.category == .malformed)
        let garbage = #expect(throws: FirmwareFormatError.self) { try FirmwareImage(bytes: Array("garbage!".utf8)) }
        #expect(garbage?.code == FirmwareFormatError.Codes.unrecognised)
        let unsupported = #expect(throws: FirmwareFormatError.self) {
            try FirmwareImage(bytes: Array("TRZQ".utf8) + [UInt8](repeating: 0, count: 64))
        }
        #expect(unsupported?.category == .unsupported)
    }
}

/// Each verification step's problems carry the step's code, so a program can tell an unlisted release from a bad
/// signature without reading the message.
@Suite("Firmware verification problem codes")
struct FirmwareProblemCodeTests {
    @Test func stepsAndApprovalsNameTheirRule() throws {
        let entry = try #require(
            try TestImages.manifest().first { $0.file.hasSuffix("bitbox02-btconly-2026-test.bin") })
        let image = try FirmwareImage(bytes: try TestImages.bytes(entry))
        let trusting = FirmwareVerifier(trust: try TestImages.storeTrustingTestKeys())
        // The verdict's message and the index's own reason, both under the release rule.
        #expect(Set(trusting.verify(image).problems.map(\.code)) == [FirmwareVerification.Codes.unlisted])
        #expect(FirmwareVerifier().verify(image).problems.first?.code == FirmwareVerification.Codes.signatureThreshold)

        let rollback = ApprovedFirmware(
            vendor: .bitbox02, model: image.description.model ?? "", version: "9.30.0",
            fingerprint: image.description.fingerprint.hexString, sha256: nil, minVersion: "9.40.0", channel: "stable")
        let refused = trusting.verify(image, approvals: ApprovedFirmwareList([rollback]))
        #expect(refused.problems.map(\.code.name).contains("firmware.approval.rollback"))
        #expect(refused.problems.allSatisfy { $0.code.category == .refused })
    }
}
