import DeviceTransport
import Testing

@testable import Devices

/// Text a device sends is printed by `custos devices list/attest`: control characters in it are escaped, so a
/// hostile device cannot move the cursor, clear the screen or rewrite a verdict already printed. Found by the
/// device-session fuzz target (a Ledger app version holding U+0011).
@Suite("Device text shown to people")
struct HostileTextTests {
    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    @Test func aLedgerAppNameAndVersionAreEscaped() async throws {
        let request = try LedgerHIDFraming.encode(apdu: [0xB0, 0x01, 0x00, 0x00, 0x00])
        let name = Array("Bitcoin\u{1B}[2J".utf8)
        let version = Array("2.\u{11}.0".utf8)
        let reply = [0x01, UInt8(name.count)] + name + [UInt8(version.count)] + version + [0x01, 0x02, 0x90, 0x00]
        let transcript = Transcript(
            request.map { .hostWrites($0) } + (try LedgerHIDFraming.encode(apdu: reply)).map { .deviceSends($0) })
        let identity = try #require(DeviceRegistry.identify(vendorID: 0x2c97, productID: 0x5011))
        let session = DeviceSession(identity: identity, transport: ReplayTransport(transcript: transcript))
        let description = try await session.describe(deadline: .after(.seconds(2)))
        let application = try #require(description.application)
        #expect(application == "Bitcoin\\u{1B}[2J 2.\\u{11}.0")
        #expect(!Self.hasControlCharacter(application))
    }

    @Test func aTrezorLabelAndVendorAreEscapedButTheRawFeaturesKept() async throws {
        // Features: vendor "evil\e]0;x\a", versions 1.12.1, label "a\nREFUSED".
        let vendor = Array("evil\u{1B}]0;x\u{7}".utf8)
        let label = Array("a\nREFUSED".utf8)
        let payload =
            [0x0a, UInt8(vendor.count)] + vendor + [0x10, 1, 0x18, 12, 0x20, 1] + [0x52, UInt8(label.count)] + label
        let reports = try TrezorV1Framing.encode(type: 17, payload: payload)
        let initialize = try TrezorV1Framing.encode(type: 0, payload: [])
        let transcript = Transcript(initialize.map { .hostWrites($0) } + reports.map { .deviceSends($0) })
        let identity = try #require(DeviceRegistry.identify(vendorID: 0x1209, productID: 0x53c1))
        let description = try await DeviceSession(
            identity: identity, transport: ReplayTransport(transcript: transcript)
        )
        .describe(deadline: .after(.seconds(2)))
        #expect(description.vendor == "evil\\u{1B}]0;x\\u{7}")
        #expect(description.label == "a\\u{A}REFUSED")
        #expect(description.trezorFeatures?.label == "a\nREFUSED")
    }

    @Test func aDeviceFailureMessageIsEscaped() {
        let error = DeviceError.deviceFailure(code: 99, message: "\u{1B}[1A\u{1B}[2KGENUINE\u{9B}")
        #expect(!Self.hasControlCharacter(error.description))
        #expect(error.description.contains("\\u{1B}[1A\\u{1B}[2KGENUINE\\u{9B}"))
    }
}
