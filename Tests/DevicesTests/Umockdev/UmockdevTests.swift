import CustosTestSupport
import DeviceTransport
import Foundation
import Testing

/// The real libusb path through the built `custos` binary: umockdev fakes /sys and /dev for a Trezor and replays
/// usbmon captures synthesised from the transcripts in Vectors/usb/ (docs/usb-protocols.md §7.2).
@Suite("umockdev: custos over real libusb")
struct UmockdevTests {
    static var umockdevRun: URL? {
        ["/usr/bin/umockdev-run", "/usr/local/bin/umockdev-run"].map(URL.init(fileURLWithPath:))
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `custos arguments` under umockdev with a fake Trezor whose conversation is `transcript`; with a
    /// `wrapper` (a program and its arguments, e.g. faketime), umockdev-run itself runs under it.
    func run(
        _ arguments: [String], transcript: String,
        device: UmockdevDevice = UmockdevDevice(vendorID: 0x1209, productID: 0x53c1), wrapper: [String] = []
    )
        throws -> CustosBinary.Outcome
    {
        guard let umockdevRun = Self.umockdevRun else {
            throw TestDataError("umockdev-run is missing: `make deps` installs the Debian package umockdev")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "custos-umockdev-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var capture = UsbmonCapture(busNumber: UInt16(device.busNumber), deviceNumber: UInt8(device.deviceNumber))
        capture.addStringDescriptor(index: 1, device.manufacturer)
        capture.addStringDescriptor(index: 2, device.product)
        capture.addStringDescriptor(index: 3, device.serial)
        capture.add(try USBVectors.transcript(transcript))
        let capturePath = folder.appendingPathComponent("capture.pcap")
        let devicePath = folder.appendingPathComponent("device.umockdev")
        try Data(capture.bytes).write(to: capturePath)
        try device.text.write(to: devicePath, atomically: true, encoding: .utf8)
        let umockdevArguments =
            ["-d", devicePath.path, "-p", "\(device.sysfsPath)=\(capturePath.path)", "--", CustosBinary.url.path]
            + arguments
        guard let program = wrapper.first else {
            return try CustosBinary.run(umockdevArguments, executable: umockdevRun)
        }
        return try CustosBinary.run(
            Array(wrapper.dropFirst()) + [umockdevRun.path] + umockdevArguments,
            executable: URL(fileURLWithPath: program))
    }

    @Test func listsTheFakeTrezorWithModelAndFirmware() throws {
        let outcome = try run(["devices", "list", "--json"], transcript: "trezor/features.transcript")
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let listing = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [[String: Any]]
        let device = try #require(listing?.first)
        #expect(listing?.count == 1)
        #expect(device["id"] as? String == "usb:001:002")
        #expect(device["usb"] as? String == "1209:53c1")
        #expect(device["status"] as? String == "ready")
        #expect(device["model"] as? String == "T1B1")
        #expect(device["firmwareVersion"] as? String == "1.12.1")
        #expect(device["label"] as? String == "Custos demo")
        #expect(device["manufacturer"] as? String == "SatoshiLabs")
        #expect(device["serialNumber"] as? String == "CUSTOSDEMO000001")
    }

    /// Features' fw_vendor over the real libusb path, from the transcript recorded from the legacy emulator.
    @Test func listsTheFirmwareVendorOverLibusb() throws {
        let outcome = try run(["devices", "list"], transcript: "trezor/emulator-t1-1.14.1-attest.transcript")
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let lines = outcome.standardOutput.split(separator: "\n")
        #expect(lines.first?.contains("FW VENDOR") == true)
        #expect(lines.count == 2 && lines[1].contains("Trezor firmware (WebUSB)") && lines[1].contains("EMULATOR"))
    }

    @Test func attestRefusesAnImageOfAnotherVersionOverLibusb() throws {
        let outcome = try run(
            [
                "devices", "attest", "--image", USBVectors.path("images/t1-synthetic.bin"), "--challenge",
                USBVectors.demoChallenge, "--json",
            ],
            transcript: "trezor/attest-version-differs.transcript")
        #expect(outcome.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        #expect((report?["error"] as? [String: Any])?["kind"] as? String == "attestation.version.mismatch")
        #expect(report?["device"] as? String == nil, "no DEVICE argument: the only Trezor on USB")
        #expect(outcome.standardError.contains("1.12.1") && outcome.standardError.contains("1.14.1"))
    }

    @Test func attestMatchesTheRightImageOverLibusb() throws {
        let outcome = try run(
            [
                "devices", "attest", "--image", USBVectors.path("images/t1-synthetic.bin"), "--challenge",
                USBVectors.demoChallenge, "--json",
            ],
            transcript: "trezor/attest-t1-synthetic.transcript")
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        #expect(report?["match"] as? Bool == true)
        #expect(report?["device"] as? String == "usb:001:002")
        #expect(report?["challengeSource"] as? String == "given")
    }

    @Test func attestRejectsAnotherImageOverLibusb() throws {
        let outcome = try run(
            [
                "devices", "attest", "--image", USBVectors.path("images/t1-synthetic-other.bin"), "--challenge",
                USBVectors.demoChallenge,
            ],
            transcript: "trezor/attest-t1-synthetic.transcript")
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("MISMATCH"))
        #expect(outcome.standardError.contains("differs from the approved image"))
    }

    @Test func aWrongReplyIsATypedProtocolError() throws {
        let outcome = try run(
            [
                "devices", "attest", "--image", USBVectors.path("images/t1-synthetic.bin"), "--challenge",
                USBVectors.demoChallenge,
            ],
            transcript: "trezor/attest-wrong-reply.transcript")
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("where FirmwareHash was expected"))
    }

    @Test func aSilentDeviceTimesOutWithinItsDeadline() throws {
        let outcome = try run(
            [
                "devices", "attest", "--image", USBVectors.path("images/t1-synthetic.bin"), "--challenge",
                USBVectors.demoChallenge, "--timeout", "0.5",
            ],
            transcript: "trezor/attest-silent.transcript")
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("timed out"))
    }

    @Test func aDeviceStoppingMidMessageIsReportedPerDevice() throws {
        let outcome = try run(
            ["devices", "list", "--json", "--timeout", "0.5"],
            transcript: "trezor/features-stops-mid-message.transcript")
        #expect(outcome.status == 0)
        let listing = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [[String: Any]]
        #expect(listing?.first?["status"] as? String == "unusable")
        #expect(
            (listing?.first?["reason"] as? String)?.contains("stopped in the middle of a message (55 of 170 bytes")
                == true)
    }

    @Test func anUnpluggedDeviceIsReportedAsDisconnected() throws {
        let outcome = try run(["devices", "list", "--json"], transcript: "trezor/features-disconnect.transcript")
        #expect(outcome.status == 0)
        let listing = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [[String: Any]]
        #expect((listing?.first?["reason"] as? String)?.contains("disconnected") == true)
        #expect((listing?.first?["reason"] as? String)?.contains("LIBUSB_ERROR_NO_DEVICE") == true)
    }

    @Test func anUnsupportedVendorIsListedWithoutBeingClaimed() throws {
        var coldcard = UmockdevDevice(vendorID: 0xd13e, productID: 0xcc10)
        coldcard.manufacturer = "Coinkite"
        coldcard.product = "Coldcard Wallet"
        coldcard.interfaceClass = 0x03
        let outcome = try run(
            ["devices", "list", "--json"], transcript: "trezor/features.transcript", device: coldcard)
        #expect(outcome.status == 0)
        let listing = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [[String: Any]]
        #expect(listing?.first?["vendor"] as? String == "Coldcard")
        #expect(listing?.first?["status"] as? String == "unsupported")
        #expect(listing?.first?["product"] as? String == "Coldcard Wallet")
    }
}
