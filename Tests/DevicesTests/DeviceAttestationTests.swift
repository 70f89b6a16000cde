import CustosCrypto
import CustosTestSupport
import DeviceTransport
import Firmware
import Foundation
import Testing

@testable import Devices

/// `DeviceAttestation` with several approved images (one version may have universal and Bitcoin-only builds): the
/// device's single answer is compared with each, and the expected answers agree with Python's hashlib (the
/// FirmwareHash comments of the transcripts, Vectors/usb/tools/make_vectors.py).
@Suite("Device attestation against several approved images")
struct DeviceAttestationTests {
    /// USBVectors.demoChallenge, the challenge the transcripts were made with.
    let challenge = (0..<8).flatMap { _ in [UInt8]([0xc0, 0xff, 0xee, 0x00]) }

    func attestation(_ transcript: String) throws -> DeviceAttestation {
        let replay = ReplayTransport(transcript: try USBVectors.transcript("trezor/\(transcript).transcript"))
        return DeviceAttestation(
            session: DeviceSession(identity: DeviceDiscovery.trezorEmulatorIdentity, transport: replay),
            timeout: .seconds(2))
    }

    func images() throws -> (dev: TrezorInstalledImage, synthetic: TrezorInstalledImage) {
        let dev = try TrezorInstalledImage(
            fileBytes: [UInt8](
                try Data(
                    contentsOf: PackagePaths.root.appendingPathComponent(
                        "Firmware/test-images/trezor/t1-trzf-v3-dev.bin"))))
        let synthetic = try TrezorInstalledImage(fileBytes: try USBVectors.bytes("images/t1-synthetic.bin"))
        return (dev, synthetic)
    }

    @Test func theSecondImageMatches() async throws {
        let (dev, synthetic) = try images()
        let attestation = try attestation("attest-t1-synthetic")
        let device = try await attestation.identify()
        #expect(device.model == .t1b1)
        #expect(device.description.firmwareVersion == "1.12.1")
        let result = try await attestation.compare(
            device, with: [dev, synthetic], challenge: challenge, source: .given)
        #expect(result.matchingImage == 1)
        #expect(result.matches)
        let hashlib = [try Attest.hashlibAnswer("attest-t1-dev"), try Attest.hashlibAnswer("attest-t1-synthetic")]
        #expect(result.expectedHashes.map(\.hexString) == hashlib)
        #expect(result.expectedHash == result.deviceHash)
        let agreed = zip(result.expectedHashes.map(\.hexString), hashlib).filter { $0 == $1 }.count
        reportVectorCount("hashlib FirmwareHash answers (attest-t1-dev, attest-t1-synthetic)", passed: agreed, total: 2)
    }

    @Test func noImageMatches() async throws {
        let (dev, _) = try images()
        let attestation = try attestation("attest-t1-synthetic")
        let result = try await attestation.compare(
            try await attestation.identify(), with: [dev, dev], challenge: challenge, source: .given)
        #expect(result.matchingImage == nil)
        #expect(!result.matches)
        #expect(result.expectedHash.hexString == (try Attest.hashlibAnswer("attest-t1-dev")))
        #expect(result.deviceHash.hexString == (try Attest.hashlibAnswer("attest-t1-synthetic")))
    }

    /// Errors that need no device answer come before GetFirmwareHash is sent.
    @Test func nothingToCompareWithIsRefusedBeforeAsking() async throws {
        let replay = ReplayTransport(transcript: try USBVectors.transcript("trezor/attest-t1-dev.transcript"))
        let attestation = DeviceAttestation(
            session: DeviceSession(identity: DeviceDiscovery.trezorEmulatorIdentity, transport: replay),
            timeout: .seconds(2))
        let device = try await attestation.identify()
        await #expect(throws: AttestationError.image("no approved image to compare the device with")) {
            try await attestation.compare(device, with: [], challenge: challenge, source: .given)
        }
        let core = try TrezorInstalledImage(
            fileBytes: [UInt8](
                try Data(
                    contentsOf: PackagePaths.root.appendingPathComponent(
                        "Firmware/test-images/trezor/T3T1-firmware-dev.bin"))))
        await #expect(throws: AttestationError.imageFamilyMismatch(image: .core, deviceModel: "T1B1")) {
            try await attestation.compare(device, with: [core], challenge: challenge, source: .given)
        }
        #expect(!(await replay.isFinished))
    }
}

/// The comparison must cover every byte of the answer: a device whose hash differs from the approved image's only
/// in its last (or first) byte is a mismatch. The transcript is the synthetic match with one answer byte changed.
@Suite("Device attestation compares the whole hash")
struct DeviceAttestationWholeHashTests {
    let challenge = (0..<8).flatMap { _ in [UInt8]([0xc0, 0xff, 0xee, 0x00]) }

    /// attest-t1-synthetic with the FirmwareHash reply's byte `index` (0...31) XORed with 0x01.
    func attestation(changingAnswerByte index: Int) throws -> (DeviceAttestation, expected: String) {
        let path = USBVectors.root.appendingPathComponent("trezor/attest-t1-synthetic.transcript")
        let text = try String(contentsOf: path, encoding: .utf8)
        let expected = try Attest.hashlibAnswer("attest-t1-synthetic")
        var answer = try #require([UInt8](hex: expected))
        answer[index] ^= 0x01
        // The reply frame carries the hash right after its 0x0a 0x20 field header; only that line changes.
        let replyPrefix = "<= 3f23230059000000220a20"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix(replyPrefix + expected) else { return String(line) }
            return replyPrefix + answer.hexString + line.dropFirst(replyPrefix.count + expected.count)
        }
        let changed = lines.joined(separator: "\n")
        #expect(changed != text, "the transcript's FirmwareHash reply was not found")
        let replay = ReplayTransport(transcript: try Transcript.parse(changed))
        return (
            DeviceAttestation(
                session: DeviceSession(identity: DeviceDiscovery.trezorEmulatorIdentity, transport: replay),
                timeout: .seconds(2)),
            expected
        )
    }

    @Test(arguments: [31, 0])
    func anAnswerDifferingInOneByteIsAMismatch(index: Int) async throws {
        let synthetic = try TrezorInstalledImage(fileBytes: try USBVectors.bytes("images/t1-synthetic.bin"))
        let (attestation, expected) = try attestation(changingAnswerByte: index)
        let result = try await attestation.compare(
            try await attestation.identify(), with: [synthetic], challenge: challenge, source: .given)
        #expect(result.expectedHash.hexString == expected)
        #expect(result.deviceHash.count == 32)
        #expect(Array(result.deviceHash.prefix(index)) == Array(result.expectedHash.prefix(index)))
        #expect(result.deviceHash != result.expectedHash)
        #expect(result.matchingImage == nil, "a hash differing only in byte \(index) must not match")
        #expect(!result.matches)
    }
}
