import CustosTestSupport
import DeviceTransport
import Foundation
import Testing

@testable import Devices

/// Optional, developer-only: a real Trezor One emulator (built locally from trezor-firmware's legacy/ tree, never
/// committed) at CUSTOS_TREZOR_EMU=udp:127.0.0.1:21324. Skipped otherwise.
///
/// The emulator runs no vendor release image, so its GetFirmwareHash answer can never match an approved release:
/// these tests check the session and the challenge handling (docs/usb-protocols.md §7.4), not the release
/// comparison.
@Suite(
    "Trezor One emulator session (CUSTOS_TREZOR_EMU)", .serialized,  // one emulator, one session at a time
    .enabled(if: TrezorEmulator.endpoint != nil, "set CUSTOS_TREZOR_EMU=udp:HOST:PORT to run"))
struct EmulatorSessionTests {

    func session() async throws -> (TrezorSession, UDPTransport) {
        let endpoint = try #require(TrezorEmulator.endpoint)
        let link = try UDPTransport(endpoint: endpoint)
        #expect(try await link.ping(deadline: .after(.seconds(2))), "the emulator does not answer PINGPING")
        return (TrezorSession(transport: link), link)
    }

    @Test func initializeReturnsTheEmulatorsFeatures() async throws {
        let (session, link) = try await session()
        let features = try await session.initialize(deadline: .after(.seconds(5)))
        await link.close()
        #expect(features.modelCode == "T1B1")
        #expect(!features.bootloaderMode)
        #expect(features.majorVersion == 1)
        #expect(features.firmwareVersion == features.version)
    }

    /// The answer is keyed by the challenge: the same challenge gives the same hash, another challenge another
    /// hash, and an empty challenge is allowed.
    @Test func getFirmwareHashIsKeyedByTheChallenge() async throws {
        let (session, link) = try await session()
        _ = try await session.initialize(deadline: .after(.seconds(5)))
        let first = [UInt8](repeating: 0x11, count: 32)
        let second = [UInt8](repeating: 0x22, count: 32)
        let answers = [
            try await session.firmwareHash(challenge: first, deadline: .after(.seconds(30))),
            try await session.firmwareHash(challenge: first, deadline: .after(.seconds(30))),
            try await session.firmwareHash(challenge: second, deadline: .after(.seconds(30))),
            try await session.firmwareHash(challenge: [], deadline: .after(.seconds(30))),
        ]
        await link.close()
        #expect(answers.allSatisfy { $0.count == 32 })
        #expect(answers[0] == answers[1])
        #expect(answers[0] != answers[2])
        #expect(Set(answers.map(\.hexString)).count == 3)
    }

    @Test func devicesListShowsTheEmulator() throws {
        let endpoint = try #require(TrezorEmulator.endpoint)
        let outcome = try CustosBinary.run(["devices", "list", "--json", "--udp", endpoint])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let listing = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [[String: Any]]
        #expect(listing?.first?["status"] as? String == "ready")
        #expect(listing?.first?["model"] as? String == "T1B1")
        #expect(listing?.first?["vendor"] as? String == "Trezor")
        #expect(listing?.first?["firmwareVendor"] as? String == "EMULATOR")
        #expect(listing?.first?["name"] as? String == "Trezor emulator (UDP)")
    }

    /// The version the emulator reports, from `devices list`.
    func emulatorVersion(_ endpoint: String) throws -> String {
        let outcome = try CustosBinary.run(["devices", "list", "--json", "--udp", endpoint])
        let listing = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [[String: Any]]
        return try #require(listing?.first?["firmwareVersion"] as? String)
    }

    /// t1-synthetic.bin's TRZF header says 1.12.1; an emulator of another version is refused, naming both.
    @Test func attestRefusesAnImageOfAnotherVersion() throws {
        let endpoint = try #require(TrezorEmulator.endpoint)
        let version = try emulatorVersion(endpoint)
        try #require(version != "1.12.1", "the emulator runs the synthetic image's version")
        let outcome = try CustosBinary.run([
            "devices", "attest", "--udp", endpoint, "--image", USBVectors.path("images/t1-synthetic.bin"), "--json",
        ])
        #expect(outcome.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        #expect((report?["error"] as? [String: Any])?["kind"] as? String == "attestation.version.mismatch")
        #expect(outcome.standardError.contains("1.12.1") && outcome.standardError.contains(version))
    }

    /// A fresh random challenge through the CLI, against t1-synthetic.bin with its header version set to the
    /// emulator's: the emulator answers, and (running no release) cannot match the synthetic image, so the verdict
    /// is a MISMATCH with exit 1 — never a protocol error.
    @Test func attestWithAFreshChallengeGetsAnAnswer() throws {
        let endpoint = try #require(TrezorEmulator.endpoint)
        let parts = try emulatorVersion(endpoint).split(separator: ".").compactMap { UInt8($0) }
        try #require(parts.count == 3)
        var image = try USBVectors.bytes("images/t1-synthetic.bin")
        image.replaceSubrange((256 + 16)..<(256 + 19), with: parts)  // the TRZF header after the 256-byte TRZR one
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("custos-emu-\(UUID().uuidString).bin")
        try Data(image).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let outcome = try CustosBinary.run([
            "devices", "attest", "--udp", endpoint, "--image", path.path, "--json", "--timeout", "30",
        ])
        #expect(outcome.status == 1, "\(outcome.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        #expect(report?["challengeSource"] as? String == "random")
        #expect((report?["deviceHash"] as? String)?.count == 64)
        #expect(report?["verdict"] as? String == "mismatch")
    }
}

/// Where CUSTOS_TREZOR_EMU points, if anywhere.
enum TrezorEmulator {
    static var endpoint: String? {
        guard let target = ProcessInfo.processInfo.environment["CUSTOS_TREZOR_EMU"], target.hasPrefix("udp:") else {
            return nil
        }
        return String(target.dropFirst(4))
    }
}
