import CustosTestSupport
import Foundation
import Testing

/// The hotplug path (`USBHotplugMonitor` over libusb's udev monitor) through `custos devices watch`: umockdev 0.17
/// emulates the kernel's uevents, so libusb sees a device plugged in and unplugged exactly as on real hardware.
/// Oracles/hotplug_testbed.py owns the testbed (libumockdev's C API) and sequences plug, unplug and reads.
@Suite("umockdev: hotplug events through custos devices watch")
struct UmockdevHotplugTests {
    static var wrapper: URL? {
        ["/usr/bin/umockdev-wrapper", "/usr/local/bin/umockdev-wrapper"].map(URL.init(fileURLWithPath:))
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Run: Decodable {
        let ready: Bool
        let lines: [String]
        let status: Int
        let stderr: String
        let steps: [String]
    }

    struct Event: Decodable, Equatable {
        let event: String
        let id: String
        let usb: String
        let vendor: String?
        let supported: Bool
    }

    @Test func aTrezorPluggedInAndUnpluggedIsReportedAfterTheAttachedDevices() throws {
        let wrapper = try #require(Self.wrapper, "umockdev-wrapper is missing: `make deps` installs umockdev")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "custos-hotplug-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var coldcard = UmockdevDevice(vendorID: 0xd13e, productID: 0xcc10, busNumber: 2, deviceNumber: 3)
        coldcard.interfaceClass = 0x03
        var keyboard = UmockdevDevice(vendorID: 0x046d, productID: 0xc31c, busNumber: 3, deviceNumber: 4)
        keyboard.interfaceClass = 0x03
        let devices: [(String, UmockdevDevice)] = [
            ("trezor", UmockdevDevice(vendorID: 0x1209, productID: 0x53c1)), ("coldcard", coldcard),
            ("keyboard", keyboard),
        ]
        var files: [String] = []
        for (name, device) in devices {
            let file = folder.appendingPathComponent("\(name).umockdev")
            try device.text.write(to: file, atomically: true, encoding: .utf8)
            files.append(file.path)
        }
        // Coldcard and the unsupported keyboard are attached before custos starts; the Trezor comes and goes.
        let outcome = try CustosBinary.run(
            [
                PythonOracle.interpreter.path,
                PackagePaths.root.appendingPathComponent("Tests/DevicesTests/Oracles/hotplug_testbed.py").path,
                CustosBinary.url.path, "3",
            ] + files,
            executable: wrapper)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let run = try JSONDecoder().decode(Run.self, from: Data(outcome.standardOutput.utf8))
        #expect(run.ready, "custos never said it was watching: \(run.stderr)")
        #expect(run.status == 0, "\(run.stderr)")
        let events = try run.lines.map { try JSONDecoder().decode(Event.self, from: Data($0.utf8)) }
        #expect(
            events == [
                Event(event: "arrived", id: "usb:002:003", usb: "d13e:cc10", vendor: "Coldcard", supported: true),
                Event(event: "arrived", id: "usb:001:002", usb: "1209:53c1", vendor: "Trezor", supported: true),
                Event(event: "left", id: "usb:001:002", usb: "1209:53c1", vendor: "Trezor", supported: true),
            ], "\(run.steps)")
    }
}
