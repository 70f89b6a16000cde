internal import ArgumentParser
internal import CustosSupport
internal import DeviceTransport
internal import Devices

/// `custos devices list`: every supported device, its model and firmware, or why it cannot be used.
struct ListDevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List supported signing devices on USB (or an emulator / a transcript).",
        discussion: "Exit 0 whenever the listing itself worked, also with no device attached ([] with --json)."
    )

    @Flag(name: .long, help: "Print one JSON array instead of a table.")
    var json = false

    @OptionGroup var source: DeviceSourceOptions

    func validate() throws {
        try source.validateSources(device: nil)
    }

    func run() async throws {
        var listings: [DeviceListing] = []
        if let udp = source.udp {
            listings.append(await listEmulator(udp))
        } else if let path = source.transcript {
            let transport = ReplayTransport(transcript: try source.loadTranscript(path), name: "replay:\(path)")
            listings.append(
                await DeviceDiscovery.list(
                    identity: DeviceDiscovery.trezorEmulatorIdentity, transport: transport,
                    probeTimeout: source.timeoutDuration))
        } else {
            do {
                let host = try USBHost()
                listings = try await DeviceDiscovery.listUSB(host: host, probeTimeout: source.timeoutDuration)
            } catch {
                throw CommandFailure.rejected("cannot list USB devices: \(error)")
            }
        }
        print(json ? DeviceListingFormat.json(listings) : DeviceListingFormat.table(listings), terminator: "")
    }

    /// The emulator answers PINGPING within a second before Custos asks it anything (an absent one costs ≤ 1 s).
    private func listEmulator(_ endpoint: String) async -> DeviceListing {
        let identity = DeviceDiscovery.trezorEmulatorIdentity
        let transport: UDPTransport
        do {
            transport = try UDPTransport(endpoint: endpoint)
        } catch {
            return DeviceListing(
                locator: "udp:\(endpoint)", identity: identity, status: .unusable, reason: error.description)
        }
        let answered = (try? await transport.ping(deadline: .after(.seconds(1)))) ?? false
        guard answered else {
            await transport.close()
            return DeviceListing(
                locator: transport.name, identity: identity, status: .unusable,
                reason: "no emulator answered PINGPING at \(endpoint) within 1 s")
        }
        let listing = await DeviceDiscovery.list(
            identity: identity, transport: transport, probeTimeout: source.timeoutDuration)
        await transport.close()
        return listing
    }
}

/// Text and JSON renderings of a device listing.
enum DeviceListingFormat {
    static func table(_ listings: [DeviceListing]) -> String {
        var output = "ID            USB        DEVICE                          MODEL        FIRMWARE  STATUS\n"
        for listing in listings {
            let description = listing.description
            var row = pad(listing.locator, 13) + " " + pad(listing.usb?.identifier ?? "-", 10) + " "
            row += pad(listing.identity.entry.name, 31) + " "
            row += pad(description?.model ?? listing.identity.model ?? "-", 12) + " "
            row += pad(description?.firmwareVersion ?? "-", 9) + " " + listing.status.rawValue
            if description?.bootloaderMode == true { row += " (bootloader mode)" }
            output += row + "\n"
            if let reason = listing.reason { output += "    \(reason)\n" }
        }
        if listings.isEmpty { output += "(no supported device found)\n" }
        return output
    }

    static func json(_ listings: [DeviceListing]) -> String {
        let objects = listings.map { listing -> String in
            let description = listing.description
            var fields: [(String, String)] = [
                ("id", JSONWriter.quote(listing.locator)),
                ("vendor", JSONWriter.quote(description?.vendor ?? listing.identity.vendor.rawValue)),
                ("name", JSONWriter.quote(listing.identity.entry.name)),
                ("protocol", JSONWriter.quote(listing.identity.entry.wireProtocol.rawValue)),
                ("status", JSONWriter.quote(listing.status.rawValue)),
            ]
            if let usb = listing.usb { fields.append(("usb", JSONWriter.quote(usb.identifier))) }
            fields.append(("model", JSONText.optional(description?.model ?? listing.identity.model)))
            fields.append(("firmwareVersion", JSONText.optional(description?.firmwareVersion)))
            fields.append(("bootloaderMode", String(description?.bootloaderMode ?? listing.identity.isBootloader)))
            fields.append(("label", JSONText.optional(description?.label)))
            fields.append(("application", JSONText.optional(description?.application)))
            fields.append(("manufacturer", JSONText.optional(listing.strings.manufacturer)))
            fields.append(("product", JSONText.optional(listing.strings.product)))
            fields.append(("serialNumber", JSONText.optional(listing.strings.serialNumber)))
            fields.append(("reason", JSONText.optional(listing.reason)))
            return JSONText.object(fields)
        }
        return "[" + objects.joined(separator: ",\n ") + "]\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
