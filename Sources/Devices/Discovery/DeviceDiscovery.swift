public import DeviceTransport

/// Finds supported devices and opens sessions with them.
public enum DeviceDiscovery {
    /// How long one device may take to answer during a listing.
    public static let defaultProbeTimeout: Duration = .seconds(2)

    /// The registry row an emulator on UDP stands for (the Trezor emulator speaks protocol v1 like the firmware).
    public static var trezorEmulatorIdentity: DeviceIdentity {
        let entry = DeviceRegistry.entries[1]
        return DeviceIdentity(entry: entry, productID: entry.productID ?? 0, model: nil, isBootloader: false)
    }

    /// Every supported device on USB. Each is opened and asked who it is when Custos speaks its protocol; a device
    /// that cannot be opened is listed with the reason. Unsupported vendors are not claimed (claiming would take
    /// them from other applications).
    public static func listUSB(
        host: USBHost, probeTimeout: Duration = defaultProbeTimeout
    ) async throws(USBError)
        -> [DeviceListing]
    {
        var listings: [DeviceListing] = []
        for usb in try await host.devices() {
            guard let identity = DeviceRegistry.identify(vendorID: usb.vendorID, productID: usb.productID) else {
                continue
            }
            listings.append(await probe(host: host, usb: usb, identity: identity, probeTimeout: probeTimeout))
        }
        return listings
    }

    static func probe(
        host: USBHost, usb: USBDeviceDescription, identity: DeviceIdentity, probeTimeout: Duration
    )
        async -> DeviceListing
    {
        var listing = DeviceListing(locator: usb.locator, identity: identity, usb: usb, status: .ready)
        guard case .libusb = identity.entry.link else {
            listing.status = .unconfirmed
            listing.reason = identity.entry.note
            return listing
        }
        let connection: USBDeviceConnection
        do {
            connection = try await host.open(usb)
        } catch {
            listing.status = .unusable
            listing.reason = error.description
            return listing
        }
        listing.strings = await connection.strings()
        if identity.entry.wireProtocol == .bitboxU2FHID,
            let refined = DeviceRegistry.identify(
                vendorID: usb.vendorID, productID: usb.productID, productString: listing.strings.product)
        {
            listing.identity = refined
        }
        switch identity.entry.wireProtocol {
        case .trezorV1, .ledgerAPDU:
            break
        default:
            await connection.close()
            listing.status = .unsupported
            listing.reason = "recognised; Custos does not query \(identity.vendor.rawValue) devices yet"
            return listing
        }
        let transport: USBTransport
        do {
            transport = try await claim(connection: connection, usb: usb, identity: identity)
        } catch {
            await connection.close()
            listing.status = .unusable
            listing.reason = error.description
            return listing
        }
        do {
            listing.description = try await DeviceSession(identity: listing.identity, transport: transport)
                .describe(deadline: .after(probeTimeout))
        } catch {
            listing.status = .unusable
            listing.reason = error.description
        }
        await transport.close()
        return listing
    }

    /// Opens and claims a USB device for a session.
    public static func openUSB(
        host: USBHost, usb: USBDeviceDescription, identity: DeviceIdentity
    )
        async throws(DeviceError) -> USBTransport
    {
        let connection: USBDeviceConnection
        do {
            connection = try await host.open(usb)
        } catch {
            throw .cannotOpen(error)
        }
        do {
            return try await claim(connection: connection, usb: usb, identity: identity)
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Asks a device behind any transport (UDP emulator, replay) who it is. Nothing but its answer tells what it
    /// is, so the listing is named after that answer (`peerName`).
    public static func list(
        identity: DeviceIdentity, transport: any Transport, probeTimeout: Duration = defaultProbeTimeout
    )
        async -> DeviceListing
    {
        var listing = DeviceListing(
            locator: transport.name, name: peerName(nil, identity: identity, locator: transport.name),
            identity: identity, status: .ready)
        do {
            listing.description = try await DeviceSession(identity: identity, transport: transport)
                .describe(deadline: .after(probeTimeout))
        } catch {
            listing.status = .unusable
            listing.reason = error.description
        }
        listing.name = peerName(listing.description, identity: identity, locator: transport.name)
        return listing
    }

    /// Connects to an emulator at `endpoint` (HOST:PORT) and checks that it answers the readiness probe within
    /// `timeout`; the error says what happened instead (refused, silent, a wrong answer).
    public static func openEmulator(endpoint: String, timeout: Duration) async throws(DeviceError) -> UDPTransport {
        let transport: UDPTransport
        do {
            transport = try UDPTransport(endpoint: endpoint)
        } catch {
            throw .transport(error)
        }
        let probe = await transport.probe(timeout: timeout)
        guard probe.isReady else {
            await transport.close()
            throw .emulatorNotReady(probe)
        }
        return transport
    }

    /// The emulator at `endpoint`, listed: probed within `probeTimeout`, then asked who it is.
    public static func listEmulator(
        endpoint: String, probeTimeout: Duration = defaultProbeTimeout
    ) async -> DeviceListing {
        let identity = trezorEmulatorIdentity
        let locator = "udp:\(endpoint)"
        let transport: UDPTransport
        do {
            transport = try await openEmulator(endpoint: endpoint, timeout: probeTimeout)
        } catch {
            return DeviceListing(
                locator: locator, name: peerName(nil, identity: identity, locator: locator), identity: identity,
                status: .unusable, reason: error.description)
        }
        let listing = await list(identity: identity, transport: transport, probeTimeout: probeTimeout)
        await transport.close()
        return listing
    }

    /// A peer off USB named by what it answered: the vendor it reports (the registry's name for Trezor's own),
    /// then emulator (Features `fw_vendor` "EMULATOR"), bootloader or firmware, then the link. "unidentified peer"
    /// when it did not answer.
    static func peerName(_ description: DeviceDescription?, identity: DeviceIdentity, locator: String) -> String {
        let link =
            locator.hasPrefix("udp:") ? "UDP" : locator.hasPrefix("replay:") ? "transcript" : "not USB"
        guard let description else { return "unidentified peer (\(link))" }
        let ownVendors = ["trezor.io", "bitcointrezor.com", identity.vendor.rawValue]
        let vendor = ownVendors.contains(description.vendor) ? identity.vendor.rawValue : description.vendor
        let role =
            description.firmwareVendor == "EMULATOR"
            ? "emulator" : description.bootloaderMode ? "bootloader" : "firmware"
        return "\(vendor) \(role) (\(link))"
    }

    private static func claim(
        connection: USBDeviceConnection, usb: USBDeviceDescription, identity: DeviceIdentity
    )
        async throws(DeviceError) -> USBTransport
    {
        guard case .libusb(let interface, let knownIn, let knownOut) = identity.entry.link else {
            throw .unsupported("\(identity.entry.name) is not reached through libusb")
        }
        let (inEndpoint, outEndpoint) = try endpoints(
            of: usb, interface: interface, knownIn: knownIn, knownOut: knownOut)
        do {
            try await connection.claim(interface: interface)
        } catch {
            throw .cannotOpen(error)
        }
        return USBTransport(connection: connection, inEndpoint: inEndpoint, outEndpoint: outEndpoint)
    }

    /// The interrupt endpoints of `interface`: the registry's when the descriptors have them (or could not be read),
    /// else the interface's first interrupt IN and OUT.
    static func endpoints(
        of usb: USBDeviceDescription, interface: UInt8, knownIn: UInt8?, knownOut: UInt8?
    )
        throws(DeviceError) -> (UInt8, UInt8)
    {
        guard let described = usb.interfaces.first(where: { $0.number == interface }) else {
            if usb.interfaces.isEmpty, let knownIn, let knownOut { return (knownIn, knownOut) }
            throw .unsupported("\(usb.locator) has no interface \(interface): not the expected device layout")
        }
        let interrupts = described.endpoints.filter { $0.transferType == .interrupt }
        let inputs = interrupts.filter(\.isInput).map(\.address)
        let outputs = interrupts.filter { !$0.isInput }.map(\.address)
        let input = knownIn.flatMap { inputs.contains($0) ? $0 : nil } ?? inputs.first
        let output = knownOut.flatMap { outputs.contains($0) ? $0 : nil } ?? outputs.first
        guard let input, let output else {
            throw .unsupported("interface \(interface) of \(usb.locator) has no interrupt IN and OUT endpoints")
        }
        return (input, output)
    }
}
