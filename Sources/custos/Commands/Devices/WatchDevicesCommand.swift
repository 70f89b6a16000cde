internal import ArgumentParser
internal import CustosSupport
internal import DeviceTransport
internal import Devices

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// `custos devices watch`: supported devices as they are plugged in and unplugged (libusb hotplug), so a lab sees
/// at once whether the device it just connected is recognised, and under which ID `attest` reaches it.
struct WatchDevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print supported devices as they are plugged in and unplugged (USB hotplug).",
        discussion: """
            One line (or JSON object) per event, printed as it happens; "watching ..." on stderr once events are \
            being delivered. Runs until interrupted, --count events or --for seconds. Exit 0; 1 when this libusb \
            or platform delivers no hotplug events (then use `custos devices list`).
            """
    )

    @Flag(name: .long, help: "Print one JSON object per line instead of text.")
    var json = false

    @Flag(name: .long, help: "Also report USB devices Custos does not support.")
    var all = false

    @Flag(name: .long, help: "First report the devices already attached, as arrivals.")
    var existing = false

    @Option(name: .long, help: "Stop after this many events.")
    var count: Int?

    @Option(name: .customLong("for"), help: ArgumentHelp("Stop after this many seconds.", valueName: "SECONDS"))
    var seconds: Double?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if let seconds, !(seconds > 0 && seconds <= 7 * 24 * 3600) {
            throw ValidationError("--for must be between 0 and 604800 seconds")
        }
    }

    func run() async throws {
        let monitor: USBHotplugMonitor
        do {
            monitor = try await USBHost().hotplugEvents(includeExisting: existing)
        } catch {
            throw ContextualFailure(doing: "cannot watch for USB devices", underlying: error)
        }
        CommandRunner.printError(
            "watching for \(all ? "USB" : "supported") devices being plugged in and unplugged"
                + (count.map { ", until \($0) event(s)" } ?? "") + (seconds.map { ", for \($0) s" } ?? ""))
        let timer = seconds.map { limit in
            Task {
                try? await Task.sleep(for: .milliseconds(Int64(limit * 1000)))
                monitor.stop()
            }
        }
        var reported = 0
        for await event in monitor.events {
            guard let line = Self.line(for: event, all: all, json: json) else { continue }
            ReportOutput.print(line)
            fflush(nil)  // each event when it happens, also into a pipe
            reported += 1
            if let count, reported >= count { break }
        }
        monitor.stop()
        timer?.cancel()
    }

    /// The event's line, or nil for a device Custos does not support (unless `all`).
    static func line(for event: USBHotplugEvent, all: Bool, json: Bool) -> String? {
        let (kind, usb): (String, USBDeviceDescription)
        switch event {
        case .arrived(let device): (kind, usb) = ("arrived", device)
        case .left(let device): (kind, usb) = ("left", device)
        }
        let identity = DeviceRegistry.identify(vendorID: usb.vendorID, productID: usb.productID)
        guard identity != nil || all else { return nil }
        let name = identity?.entry.name ?? "not a supported signing device"
        if json {
            let fields: [(String, String)] = [
                ("event", JSONWriter.quote(kind)),
                ("id", JSONWriter.quote(usb.locator)),
                ("usb", JSONWriter.quote(usb.identifier)),
                ("vendor", JSONText.optional(identity?.vendor.rawValue)),
                ("name", JSONWriter.quote(name)),
                ("supported", String(identity != nil)),
            ]
            return JSONText.object(fields)
        }
        return kind.padding(8) + usb.locator.padding(14) + usb.identifier.padding(11) + name
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
