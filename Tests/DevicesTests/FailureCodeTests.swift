import CustosSupport
import DeviceTransport
import Devices
import Firmware
import Testing

/// A device that breaks its protocol makes its answer unusable (exit 2); link problems and refusals mean the check
/// could not be made (exit 1). The codes carry that split, so the CLI and the lab classify alike.
@Suite("Device failure codes")
struct DeviceFailureCodeTests {
    @Test func protocolViolationsAreMalformedAndLinkProblemsTheEnvironments() {
        let framing = DeviceError.framing(.badMarker(protocolName: "Trezor", firstBytes: [0, 1]))
        #expect(framing.code.name == "device.framing.report")
        #expect(framing.category.isUnusableInput)
        let malformed = DeviceError.malformed(message: "Features", .truncated)
        #expect(malformed.code.name == "device.reply.malformed" && malformed.category == .malformed)
        let timeout = DeviceError.transport(.timedOut(operation: "read"))
        #expect(timeout.code.name == "transport.timeout" && timeout.category == .environment)
        #expect(DeviceError.deviceFailure(code: 99, message: "no").category == .refused)
        #expect(DeviceError.unsupported("Coldcard encrypted link").category == .unsupported)
    }

    @Test func attestationFailuresKeepTheDevicesCode() {
        let error = AttestationError.device(.framing(.wrongSequence(expected: 1, received: 3)), context: "GetFeatures")
        #expect(error.code == FramingError.Codes.report)
        #expect(AttestationError.image("not Trezor firmware").category == .malformed)
        #expect(AttestationError.bootloaderMode.category == .environment)
        #expect(
            AttestationError.unsupportedModel(device: "usb:1", reported: "X").code.name
                == "attestation.model.unsupported")
    }

    @Test func aNonTrezorImageCannotBeAttested() {
        let error = #expect(throws: AttestationError.self) { try TrezorInstalledImage(fileBytes: [1, 2, 3, 4]) }
        #expect(error?.category.isUnusableInput == true)
    }
}
