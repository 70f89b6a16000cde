import CustosTestSupport
import DeviceTransport
import Foundation
import Testing

@testable import Devices

/// What Custos says about a device's answers (issue 13 §4): an image of another version than the device reports is
/// refused, a peer off USB is named by what answered, and Features' fw_vendor is shown.
@Suite("Device answers, stated plainly")
struct DeviceAnswersTests {
    let challenge = (0..<8).flatMap { _ in [UInt8]([0xc0, 0xff, 0xee, 0x00]) }

    func session(_ transcript: String) throws -> DeviceSession {
        let replay = ReplayTransport(
            transcript: try USBVectors.transcript("trezor/\(transcript).transcript"), name: "replay:\(transcript)")
        return DeviceSession(identity: DeviceDiscovery.trezorEmulatorIdentity, transport: replay)
    }

    /// The device reports 1.14.1 and answers with the hash of a 1.12.1 image: the hash would match, so only the
    /// version check stands between this and a MATCH.
    @Test func anImageOfAnotherVersionIsRefusedBeforeTheHashIsAsked() async throws {
        let attestation = DeviceAttestation(session: try session("attest-version-differs"), timeout: .seconds(2))
        let image = try TrezorInstalledImage(fileBytes: try USBVectors.bytes("images/t1-synthetic.bin"))
        #expect(image.version == "1.12.1")
        let device = try await attestation.identify()
        #expect(device.description.firmwareVersion == "1.14.1")
        await #expect(throws: AttestationError.versionMismatch(image: "1.12.1", device: "1.14.1")) {
            try await attestation.compare(device, with: [image], challenge: challenge, source: .given)
        }
        let message = AttestationError.versionMismatch(image: "1.12.1", device: "1.14.1").description
        #expect(message.contains("1.12.1") && message.contains("1.14.1"))
        #expect(!AttestationError.versionMismatch(image: "1.12.1", device: "1.14.1").isUnparsable)
    }

    /// The header version of every Trezor test image, against the version its generator wrote in the manifest.
    @Test func installedImagesReadTheirHeaderVersion() throws {
        let folder = PackagePaths.root.appendingPathComponent("Firmware/test-images")
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        let images = try #require((manifest as? [String: Any])?["images"] as? [[String: Any]])
        let formats = ["trezor-core", "trezor-one-v2", "trezor-one-v3", "trezor-legacy-v1+one-v2"]
        var checked = 0
        for entry in images {
            guard let format = entry["format"] as? String, formats.contains(format),
                let file = entry["file"] as? String, let version = entry["version"] as? String
            else { continue }
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
            let image = try TrezorInstalledImage(fileBytes: bytes)
            #expect(image.version == version, "\(file)")
            checked += 1
        }
        #expect(checked >= 20)
        reportVectorCount(
            "Trezor test images whose header version matches manifest.json", passed: checked, total: checked)
    }

    @Test func aTruncatedHeaderHasNoVersion() throws {
        #expect(try TrezorInstalledImage(fileBytes: Array("TRZF".utf8) + [0, 0, 0, 0]).version == nil)
        let coreWithoutFirmwareHeader = Array("TRZV".utf8) + [0xff, 0xff, 0, 0] + [UInt8](repeating: 0, count: 40)
        #expect(try TrezorInstalledImage(fileBytes: coreWithoutFirmwareHeader).version == nil)
    }

    @Test func aPeerOffUSBIsNamedByWhatAnswered() async throws {
        let emulator = await DeviceDiscovery.list(
            identity: DeviceDiscovery.trezorEmulatorIdentity,
            transport: ReplayTransport(
                transcript: try USBVectors.transcript("trezor/features-emulator.transcript"), name: "replay:x"))
        #expect(emulator.name == "Trezor emulator (transcript)")
        #expect(emulator.description?.firmwareVendor == "EMULATOR")
        let firmware = await DeviceDiscovery.list(
            identity: DeviceDiscovery.trezorEmulatorIdentity,
            transport: ReplayTransport(
                transcript: try USBVectors.transcript("trezor/features.transcript"), name: "udp:127.0.0.1:1"))
        #expect(firmware.name == "Trezor firmware (UDP)")
        #expect(firmware.description?.firmwareVendor == nil)
        let silent = await DeviceDiscovery.list(
            identity: DeviceDiscovery.trezorEmulatorIdentity,
            transport: ReplayTransport(
                transcript: try USBVectors.transcript("trezor/features-stops-mid-message.transcript"),
                name: "udp:127.0.0.1:1"),
            probeTimeout: .milliseconds(200))
        #expect(silent.name == "unidentified peer (UDP)")
        #expect(silent.status == .unusable)
    }

    /// The transcript recorded from a real legacy 1.14.1 emulator (its header says how): Features with fw_vendor
    /// EMULATOR, and a FirmwareHash answer that trezorlib read from the same emulator for the same challenge.
    @Test func theRecordedEmulatorSaysWhatItIs() async throws {
        let session = try session("emulator-t1-1.14.1-attest")
        let listing = await DeviceDiscovery.list(
            identity: session.identity, transport: session.transport, probeTimeout: .seconds(2))
        #expect(listing.status == .ready)
        #expect(listing.name == "Trezor emulator (transcript)")
        #expect(listing.description?.firmwareVendor == "EMULATOR")
        #expect(listing.description?.firmwareVersion == "1.14.1")
        #expect(listing.description?.model == "T1B1")
        #expect(listing.description?.trezorFeatures?.internalModel == nil)
        let attestation = DeviceAttestation(
            session: try self.session("emulator-t1-1.14.1-attest"), timeout: .seconds(2))
        let image = try TrezorInstalledImage(fileBytes: try USBVectors.bytes("images/t1-synthetic-1.14.1.bin"))
        #expect(image.version == "1.14.1")
        let result = try await attestation.run(approvedInstalledImage: image, challenge: challenge, source: .given)
        #expect(result.deviceHash.hexString == "5c05d4c3400ce2743898d81778b702403cf545f06b783bdc53f2fc8e8a55e492")
        #expect(!result.matches)
    }

    // MARK: - Through `custos`

    func custos(_ arguments: [String]) throws -> CustosBinary.Outcome {
        try CustosBinary.run(arguments)
    }

    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func attestRefusesAnImageOfAnotherVersionNamingBoth() throws {
        let arguments = [
            "devices", "attest", "--transcript", USBVectors.path("trezor/attest-version-differs.transcript"),
            "--image", USBVectors.path("images/t1-synthetic.bin"), "--replay-recorded-challenge",
        ]
        let text = try custos(arguments)
        #expect(text.status == 1)
        #expect(!text.standardOutput.contains("MATCH"))
        #expect(text.standardError.contains("the image is firmware 1.12.1 but the device reports firmware 1.14.1"))
        let outcome = try custos(arguments + ["--json"])
        #expect(outcome.status == 1)
        let report = try #require(try json(outcome.standardOutput) as? [String: Any])
        #expect((report["error"] as? [String: Any])?["kind"] as? String == "attestation.version.mismatch")
        #expect(report["match"] as? Bool == false)
        #expect(report["verdict"] as? String == "error")
        let problems = try #require(report["problems"] as? [[String: Any]])
        let message = problems.first?["message"] as? String ?? ""
        #expect(problems.count == 1 && message.contains("1.12.1") && message.contains("1.14.1"))
        #expect(problems.first?["code"] as? String == "attestation.version.mismatch")
    }

    /// JSON `vendor` is the registry's name whether the device answered or not; the device's own words stay in the
    /// text fields.
    @Test func listingVendorIsOneVocabulary() throws {
        let ready = try custos([
            "devices", "list", "--json", "--transcript", USBVectors.path("trezor/features.transcript"),
        ])
        let unusable = try custos([
            "devices", "list", "--json", "--timeout", "0.3", "--transcript",
            USBVectors.path("trezor/features-stops-mid-message.transcript"),
        ])
        let readyDevice = try #require((try json(ready.standardOutput) as? [[String: Any]])?.first)
        let unusableDevice = try #require((try json(unusable.standardOutput) as? [[String: Any]])?.first)
        #expect(readyDevice["status"] as? String == "ready")
        #expect(unusableDevice["status"] as? String == "unusable")
        #expect(readyDevice["vendor"] as? String == "Trezor")
        #expect(unusableDevice["vendor"] as? String == "Trezor")
        #expect(readyDevice["name"] as? String == "Trezor firmware (transcript)")
        #expect(readyDevice["firmwareVendor"] is NSNull)
    }

    /// A long ID (a transcript path) widens its column instead of pushing the row out of line.
    @Test func theTableSizesColumnsToTheirContent() throws {
        let path = USBVectors.path("trezor/features-emulator.transcript")
        let outcome = try custos(["devices", "list", "--transcript", path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let header = lines[0]
        let row = lines[1]
        #expect(row.hasPrefix("replay:\(path)  "))
        for (column, value) in [
            ("USB", "-"), ("DEVICE", "Trezor emulator (transcript)"), ("MODEL", "T1B1"), ("FIRMWARE", "1.14.1"),
            ("FW VENDOR", "EMULATOR"), ("STATUS", "ready"),
        ] {
            let offset = try #require(header.range(of: column)).lowerBound.utf16Offset(in: header)
            #expect(String(row.dropFirst(offset)).hasPrefix(value + (column == "STATUS" ? "" : " ")), "\(column)")
            #expect(row.dropFirst(offset - 2).hasPrefix("  "), "\(column): two spaces before the column")
        }
    }
}
