import CustosTestSupport
import Foundation
import Testing

@testable import DeviceTransport

/// The emulator readiness probe against loopback peers of our own: it waits as long as it is told and says what
/// happened (answered, refused, silent, a wrong answer), in the library and through `custos` with `--timeout`.
@Suite("Emulator readiness probe")
struct EmulatorProbeTests {
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func aPeerAnsweringPongIsReady() async throws {
        let peer = try LoopbackPeer.start(.replay(Transcript([])))
        defer { peer.stop() }
        let link = try UDPTransport(host: "127.0.0.1", port: peer.port)
        let probe = await link.probe(timeout: .seconds(2))
        await link.close()
        #expect(probe.isReady, "\(probe)")
    }

    @Test func aClosedPortIsRefusedNotSilent() async throws {
        let port = try LoopbackPeer.closedPort()
        let link = try UDPTransport(host: "127.0.0.1", port: port)
        let probe = await link.probe(timeout: .seconds(5))
        await link.close()
        #expect(probe == .refused(endpoint: "udp:127.0.0.1:\(port)"))
    }

    @Test func aSilentPeerIsReportedWithTheTimeoutUsed() async throws {
        let peer = try LoopbackPeer.start(.silent)
        defer { peer.stop() }
        let link = try UDPTransport(host: "127.0.0.1", port: peer.port)
        let started = ContinuousClock.now
        let probe = await link.probe(timeout: .milliseconds(300))
        let waited = started.duration(to: .now)
        await link.close()
        #expect(probe == .silent(endpoint: "udp:127.0.0.1:\(peer.port)", waited: .milliseconds(300)))
        #expect(probe.description.contains("within 0.3 s"))
        #expect(waited >= .milliseconds(300))
    }

    @Test func aWrongAnswerIsNamed() async throws {
        let peer = try LoopbackPeer.start(.answersPing(Array("HELLO".utf8)))
        defer { peer.stop() }
        let link = try UDPTransport(host: "127.0.0.1", port: peer.port)
        let probe = await link.probe(timeout: .seconds(2))
        await link.close()
        #expect(probe == .unexpectedAnswer(endpoint: "udp:127.0.0.1:\(peer.port)", Array("HELLO".utf8)))
        #expect(probe.description.contains("instead of PONGPONG"))
    }

    @Test(arguments: [(0.25, "0.25 s"), (1, "1 s"), (2.5, "2.5 s"), (0.001, "0.001 s")])
    func durationsAreShownAsGiven(seconds: Double, shown: String) {
        #expect(EmulatorProbe.seconds(.milliseconds(Int64(seconds * 1000))) == shown)
    }

    // MARK: - Through `custos`

    @Test func devicesListHonoursTheTimeoutForASilentPeer() throws {
        let peer = try LoopbackPeer.start(.silent)
        defer { peer.stop() }
        let outcome = try CustosBinary.run([
            "devices", "list", "--json", "--udp", "127.0.0.1:\(peer.port)", "--timeout", "0.3",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let listing = try #require(try Self.json(outcome.standardOutput) as? [[String: Any]])
        let reason = try #require(listing.first?["reason"] as? String)
        #expect(listing.first?["status"] as? String == "unusable")
        #expect(reason.contains("no answer to PINGPING from udp:127.0.0.1:\(peer.port) within 0.3 s"), "\(reason)")
        #expect(listing.first?["name"] as? String == "unidentified peer (UDP)")
    }

    @Test func devicesListSaysARefusedPortWasRefused() throws {
        let port = try LoopbackPeer.closedPort()
        let outcome = try CustosBinary.run(["devices", "list", "--udp", "127.0.0.1:\(port)"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(
            outcome.standardOutput.contains("nothing listens at udp:127.0.0.1:\(port)"), "\(outcome.standardOutput)")
        #expect(!outcome.standardOutput.contains("within"))
    }

    /// `attest --json` against a refused port: the failure is a JSON report on stdout with the error's kind.
    @Test func attestAgainstARefusedPortPrintsAJSONFailure() throws {
        let port = try LoopbackPeer.closedPort()
        let image = PackagePaths.root.appendingPathComponent("Vectors/usb/images/t1-synthetic.bin").path
        let outcome = try CustosBinary.run([
            "devices", "attest", "--udp", "127.0.0.1:\(port)", "--image", image, "--json", "--timeout", "2",
        ])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("nothing listens at udp:127.0.0.1:\(port)"))
        let report = try #require(try Self.json(outcome.standardOutput) as? [String: Any])
        let error = try #require(report["error"] as? [String: Any])
        #expect(error["kind"] as? String == "device.emulator.refused")
        #expect(error["exitCode"] as? Int == 1)
        #expect(report["match"] as? Bool == false)
        #expect(report["device"] as? String == "udp:127.0.0.1:\(port)")
        let problem = (report["problems"] as? [[String: Any]])?.first
        #expect(problem?["code"] as? String == "device.emulator.refused")
        #expect((problem?["message"] as? String)?.contains("nothing listens") == true)
    }

    /// A peer answering like the legacy emulator is listed by what answered, with its fw_vendor.
    @Test func anEmulatorIsListedAsWhatAnswered() throws {
        let text = try String(
            contentsOf: PackagePaths.root.appendingPathComponent("Vectors/usb/trezor/features-emulator.transcript"),
            encoding: .utf8)
        let peer = try LoopbackPeer.start(.replay(try Transcript.parse(text)))
        defer { peer.stop() }
        let outcome = try CustosBinary.run(["devices", "list", "--json", "--udp", "127.0.0.1:\(peer.port)"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let listing = try #require(try Self.json(outcome.standardOutput) as? [[String: Any]])
        let device = try #require(listing.first)
        #expect(device["status"] as? String == "ready")
        #expect(device["name"] as? String == "Trezor emulator (UDP)")
        #expect(device["vendor"] as? String == "Trezor")
        #expect(device["firmwareVendor"] as? String == "EMULATOR")
        #expect(device["firmwareVersion"] as? String == "1.14.1")
        #expect(device["model"] as? String == "T1B1")
    }
}
