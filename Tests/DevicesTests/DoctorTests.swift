import CustosTestSupport
import DeviceTransport
import Foundation
import Testing

@testable import Devices

struct FakeSystem: DoctorSystem {
    var libusbStatus: Result<String, USBErrorText> = .success("1.0.26")
    var files: [String: String] = [:]
    var paths: Set<String> = ["/dev/bus/usb", "/run/udev/control"]
    var isRoot = false
    var userName = "alice"
    var groupNames = ["alice", "plugdev"]
    var plugdevGroupExists = true
    var environment = ["XDG_SESSION_ID": "3"]
    var attachedDevices: [(name: String, node: String, accessible: Bool)] = []

    func exists(_ path: String) -> Bool { paths.contains(path) || files[path] != nil }
    func readText(_ path: String) -> String? { files[path] }
    func listDirectory(_ path: String) -> [String] {
        files.keys.filter { $0.hasPrefix(path + "/") }.map { String($0.dropFirst(path.count + 1)) }
    }
}

@Suite("custos doctor")
struct DoctorTests {
    var ourRules: String {
        get throws {
            try String(contentsOf: PackagePaths.root.appendingPathComponent("udev/51-custos.rules"), encoding: .utf8)
        }
    }

    @Test func aWellSetUpMachinePassesEveryCheck() throws {
        let system = FakeSystem(files: ["/etc/udev/rules.d/51-custos.rules": try ourRules])
        let findings = Doctor.run(on: system)
        #expect(findings.count == 6)
        let failing = findings.filter { !$0.ok }
        #expect(failing.isEmpty, "\(failing)")
    }

    @Test func eachProblemNamesItsFix() throws {
        var system = FakeSystem(files: [
            "/etc/udev/rules.d/20-hw1.rules": "SUBSYSTEMS==\"usb\", ATTRS{idVendor}==\"2c97\", TAG+=\"uaccess\""
        ])
        system.libusbStatus = .failure(USBErrorText("initialise libusb: not supported"))
        system.paths = []
        system.groupNames = ["alice"]
        system.environment = ["SSH_CONNECTION": "10.0.0.1 22"]
        let findings = Doctor.run(on: system)
        #expect(findings.map(\.ok) == [false, false, false, false, false, false])
        #expect(findings.allSatisfy { $0.fix?.isEmpty == false })
        #expect(findings[2].fix?.contains("make udev") == true)
        #expect(findings[4].fix?.contains("usermod -aG plugdev alice") == true)
        #expect(findings[5].detail.contains("SSH"))
    }

    @Test func anInaccessibleAttachedDeviceMeansTheRulesAreNotApplied() throws {
        var system = FakeSystem(files: ["/etc/udev/rules.d/51-custos.rules": try ourRules])
        system.attachedDevices = [("Trezor firmware (WebUSB) (1209:53c1)", "/dev/bus/usb/001/002", false)]
        let finding = Doctor.run(on: system)[3]
        #expect(!finding.ok)
        #expect(finding.fix?.contains("udevadm trigger") == true)
    }

    @Test func theBinaryReportsEveryCheckAndExitsByTheResult() throws {
        let outcome = try CustosBinary.run(["doctor", "--json"])
        let document = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        let checks = try #require(document?["checks"] as? [[String: Any]])
        #expect(checks.count == 6)
        let allOK = checks.allSatisfy { $0["ok"] as? Bool == true }
        #expect(document?["ok"] as? Bool == allOK)
        #expect(outcome.status == (allOK ? 0 : 1))
        #expect(checks.filter { $0["ok"] as? Bool == false }.allSatisfy { ($0["fix"] as? String)?.isEmpty == false })
    }

    @Test func listWithNothingAttachedExitsZero() throws {
        let outcome = try CustosBinary.run(["devices", "list", "--json"])
        #expect(outcome.status == 0)
        #expect(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) is [Any])
    }

    @Test func replayedAttestationThroughTheBinary() throws {
        let transcript = USBVectors.path("trezor/attest-t1-synthetic.transcript")
        let image = USBVectors.path("images/t1-synthetic.bin")
        let replay = try CustosBinary.run([
            "devices", "attest", "--transcript", transcript, "--image", image, "--replay-recorded-challenge",
        ])
        #expect(replay.status == 0, "\(replay.standardError)")
        #expect(replay.standardOutput.contains("MATCH") && replay.standardOutput.contains("REPLAY"))
        // A fresh random challenge cannot be answered by a recording.
        let fresh = try CustosBinary.run(["devices", "attest", "--transcript", transcript, "--image", image])
        #expect(fresh.status == 1)
        #expect(fresh.standardError.contains("cannot answer a fresh random challenge"))
        let usage = try CustosBinary.run(["devices", "attest", "--image", image, "--replay-recorded-challenge"])
        #expect(usage.status == 64)
        let notImage = try CustosBinary.run(["devices", "attest", "--transcript", transcript, "--image", transcript])
        #expect(notImage.status == 2)
    }

    @Test func theRecordingTapWritesAReplayableTranscript() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let recorded = folder.appendingPathComponent("recorded.transcript").path
        let source = USBVectors.path("trezor/attest-t1-synthetic.transcript")
        let image = USBVectors.path("images/t1-synthetic.bin")
        let first = try CustosBinary.run([
            "devices", "attest", "--transcript", source, "--image", image, "--replay-recorded-challenge", "--record",
            recorded,
        ])
        #expect(first.status == 0)
        let again = try CustosBinary.run([
            "devices", "attest", "--transcript", recorded, "--image", image, "--replay-recorded-challenge", "--json",
        ])
        #expect(again.status == 0, "\(again.standardError)")
        let original = try USBVectors.transcript("trezor/attest-t1-synthetic.transcript")
        let copy = try Transcript.parse(String(contentsOfFile: recorded, encoding: .utf8))
        #expect(original.hostWrites == copy.hostWrites)
    }
}
