import CustosCrypto
import CustosTestSupport
import DeviceTransport
import Firmware
import Testing

@testable import Devices

/// Sessions replayed from the synthesised transcripts (trezorlib-encoded, Vectors/usb/trezor/).
@Suite("Trezor sessions over replayed transcripts")
struct TrezorSessionTests {
    let challenge = [UInt8](repeating: 0, count: 8).flatMap { _ in [UInt8]([0xc0, 0xff, 0xee, 0x00]) }

    func session(_ name: String) throws -> (TrezorSession, ReplayTransport) {
        let replay = ReplayTransport(transcript: try USBVectors.transcript("trezor/\(name).transcript"))
        return (TrezorSession(transport: replay), replay)
    }

    @Test func featuresAcrossThreeReportsDecodeToTrezorlibsValues() async throws {
        let (session, replay) = try session("features")
        let features = try await session.initialize(deadline: .after(.seconds(2)))
        #expect(features.vendor == "trezor.io")
        #expect(features.version == "1.12.1")
        #expect(features.model == "1")
        #expect(features.modelCode == "T1B1")
        #expect(features.label == "Custos demo")
        #expect(features.deviceID == "CUSTOSDEMO000001")
        #expect(features.revision == (try hexBytes(String(repeating: "5f2a9d1c", count: 5))))
        #expect(features.bootloaderHash == SHA256.hash(Array("custos synthetic bootloader".utf8)))
        #expect(features.bootloaderMode == false && features.initialized == true && features.unlocked == true)
        #expect(await replay.isFinished)
    }

    @Test func firmwareHashMatchesHashlibAndTheFirmwareModule() async throws {
        let (session, _) = try session("attest-t1-synthetic")
        _ = try await session.initialize(deadline: .after(.seconds(2)))
        let answer = try await session.firmwareHash(challenge: challenge, deadline: .after(.seconds(2)))
        // The transcript's answer was computed by Python's hashlib; the Firmware module must agree.
        let image = try USBVectors.bytes("images/t1-synthetic.bin")
        let expected = try TrezorFirmwareHash.expectedAnswer(
            installedImage: image.dropFirst(256), model: .t1b1, challenge: challenge)
        #expect(answer == expected)
        #expect(answer.hexString == "a31e65a05202f69b57786f210e77f77ae9c391a24aa8177b3f5bcefc37f5b335")
    }

    @Test func aButtonRequestIsAcknowledged() async throws {
        let (session, replay) = try session("attest-button-request")
        _ = try await session.initialize(deadline: .after(.seconds(2)))
        let answer = try await session.firmwareHash(challenge: challenge, deadline: .after(.seconds(2)))
        #expect(answer.count == 32)
        #expect(await replay.isFinished)
    }

    @Test(arguments: [
        ("attest-failure", DeviceError.deviceFailure(code: 1, message: "Unknown message")),
        ("attest-wrong-reply", .unexpectedReply(expected: "FirmwareHash", received: "features (17)")),
    ])
    func attestationFailuresAreTyped(name: String, error: DeviceError) async throws {
        let (session, _) = try session(name)
        _ = try await session.initialize(deadline: .after(.seconds(2)))
        await #expect(throws: error) {
            try await session.firmwareHash(challenge: challenge, deadline: .after(.seconds(2)))
        }
    }

    @Test func aSilentDeviceTimesOut() async throws {
        let (session, _) = try session("attest-silent")
        _ = try await session.initialize(deadline: .after(.seconds(2)))
        await #expect(throws: DeviceError.transport(.timedOut(operation: "read from replay"))) {
            try await session.firmwareHash(challenge: challenge, deadline: .after(.milliseconds(50)))
        }
    }

    @Test(arguments: [
        ("features-stops-mid-message", DeviceError.stoppedMidMessage(received: 55, declared: 170)),
        ("features-garbage", .framing(.badMarker(protocolName: "Trezor v1", firstBytes: Array(0..<64)))),
        ("features-length-beyond-maximum", .framing(.lengthBeyondMaximum(declared: 0x7fff_ffff, maximum: 65536))),
        (
            "thp-device",
            .unsupported("this Trezor speaks the Trezor Host Protocol (THP), which Custos does not support yet")
        ),
    ])
    func malformedPeersEndInTypedErrors(name: String, error: DeviceError) async throws {
        let (session, _) = try session(name)
        await #expect(throws: error) { try await session.initialize(deadline: .after(.milliseconds(100))) }
    }

    @Test func aDisconnectIsTyped() async throws {
        let (session, _) = try session("features-disconnect")
        do {
            _ = try await session.initialize(deadline: .after(.seconds(1)))
            Issue.record("no error")
        } catch {
            guard case .transport(.disconnected) = error else { throw error }
        }
    }

    @Test func aSlowDeviceWithinTheDeadlineAnswers() async throws {
        let (session, _) = try session("features-slow")
        #expect(try await session.initialize(deadline: .after(.seconds(5))).version == "1.12.1")
        let (late, _) = try self.session("features-slow")
        await #expect(throws: DeviceError.transport(.timedOut(operation: "read from replay"))) {
            try await late.initialize(deadline: .after(.milliseconds(50)))
        }
    }

    @Test func theTranscriptCarriesItsChallenge() throws {
        #expect(
            try TranscriptChallenge.recorded(in: USBVectors.transcript("trezor/attest-t1-synthetic.transcript"))
                == challenge)
        #expect(throws: DeviceError.self) {
            try TranscriptChallenge.recorded(in: USBVectors.transcript("trezor/features.transcript"))
        }
    }

    @Test func ledgerAppAndVersionOverHIDFraming() async throws {
        let response: [UInt8] = [0x01, 0x05] + Array("BOLOS".utf8) + [0x05] + Array("2.2.3".utf8) + [0x90, 0x00]
        let transcript = Transcript(
            try LedgerHIDFraming.encode(apdu: [0xB0, 0x01, 0, 0, 0]).map { .hostWrites($0) }
                + LedgerHIDFraming.encode(apdu: response).map { .deviceSends($0) })
        let identity = try #require(DeviceRegistry.identify(vendorID: 0x2c97, productID: 0x5011))
        let description = try await DeviceSession(
            identity: identity, transport: ReplayTransport(transcript: transcript)
        )
        .describe(deadline: .after(.seconds(1)))
        #expect(description.model == "Nano S Plus" && description.firmwareVersion == "2.2.3")
        let locked = Transcript(
            try LedgerHIDFraming.encode(apdu: [0xB0, 0x01, 0, 0, 0]).map { .hostWrites($0) }
                + LedgerHIDFraming.encode(apdu: [0x55, 0x15]).map { .deviceSends($0) })
        await #expect(throws: DeviceError.ledgerStatus(0x5515)) {
            try await LedgerSession(transport: ReplayTransport(transcript: locked)).appAndVersion(
                deadline: .after(.seconds(1)))
        }
    }
}
