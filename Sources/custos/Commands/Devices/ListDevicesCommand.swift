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
            listings.append(await DeviceDiscovery.listEmulator(endpoint: udp, probeTimeout: source.timeoutDuration))
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
                throw ContextualFailure(doing: "cannot list USB devices", underlying: error)
            }
        }
        ReportOutput.print(
            json ? DeviceListingFormat.json(listings) : DeviceListingFormat.table(listings), terminator: "")
    }
}

/// Text and JSON renderings of a device listing.
enum DeviceListingFormat {
    /// One row per device, every column as wide as its widest cell (IDs such as `replay:PATH` are long), the
    /// reason for an unusable device indented below it.
    static func table(_ listings: [DeviceListing]) -> String {
        var rows = [["ID", "USB", "DEVICE", "MODEL", "FIRMWARE", "FW VENDOR", "STATUS"]]
        for listing in listings {
            let description = listing.description
            var status = listing.status.rawValue
            if description?.bootloaderMode == true { status += " (bootloader mode)" }
            rows.append([
                listing.locator, listing.usb?.identifier ?? "-", listing.name,
                description?.model ?? listing.identity.model ?? "-", description?.firmwareVersion ?? "-",
                description?.firmwareVendor ?? "-", status,
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var output = ""
        for (index, row) in rows.enumerated() {
            let cells = row.indices.map { column in
                column == row.count - 1 ? row[column] : pad(row[column], widths[column])
            }
            output += cells.joined(separator: "  ") + "\n"
            if index > 0, let reason = listings[index - 1].reason { output += "    \(reason)\n" }
        }
        if listings.isEmpty { output += "(no supported device found)\n" }
        return output
    }

    static func json(_ listings: [DeviceListing]) -> String {
        let objects = listings.map { listing -> String in
            let description = listing.description
            var fields: [(String, String)] = [
                ("id", JSONWriter.quote(listing.locator)),
                ("vendor", JSONWriter.quote(listing.identity.vendor.rawValue)),
                ("name", JSONWriter.quote(listing.name)),
                ("protocol", JSONWriter.quote(listing.identity.entry.wireProtocol.rawValue)),
                ("status", JSONWriter.quote(listing.status.rawValue)),
            ]
            if let usb = listing.usb { fields.append(("usb", JSONWriter.quote(usb.identifier))) }
            fields.append(("model", JSONText.optional(description?.model ?? listing.identity.model)))
            fields.append(("firmwareVersion", JSONText.optional(description?.firmwareVersion)))
            fields.append(("firmwareVendor", JSONText.optional(description?.firmwareVendor)))
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
