internal import ArgumentParser
internal import DeviceTransport
internal import Devices

/// Opens the device a command names: `--transcript`, `--udp` / `udp:HOST:PORT`, `usb:BBB:DDD`, or the only
/// attached Trezor.
enum DeviceOpener {
    struct Opened {
        var identity: DeviceIdentity
        var transport: any Transport
        var transcript: Transcript?
    }

    static func open(device: String?, source: DeviceSourceOptions) async throws -> Opened {
        if let path = source.transcript {
            let transcript = try source.loadTranscript(path)
            return Opened(
                identity: DeviceDiscovery.trezorEmulatorIdentity,
                transport: ReplayTransport(transcript: transcript, name: "replay:\(path)"), transcript: transcript)
        }
        if let endpoint = source.udp ?? device.flatMap({ $0.hasPrefix("udp:") ? String($0.dropFirst(4)) : nil }) {
            return Opened(identity: DeviceDiscovery.trezorEmulatorIdentity, transport: try await openEmulator(endpoint))
        }
        let host: USBHost
        let attached: [USBDeviceDescription]
        do {
            host = try USBHost()
            attached = try await host.devices()
        } catch {
            throw CommandFailure.rejected("cannot list USB devices: \(error)")
        }
        let candidates = attached.compactMap { usb -> (USBDeviceDescription, DeviceIdentity)? in
            guard let identity = DeviceRegistry.identify(vendorID: usb.vendorID, productID: usb.productID) else {
                return nil
            }
            if let device { return usb.locator == device ? (usb, identity) : nil }
            return identity.vendor == .trezor ? (usb, identity) : nil
        }
        guard let (usb, identity) = candidates.first else {
            if let device {
                throw CommandFailure.rejected(
                    "no supported device at \(device) (`custos devices list` shows what is attached)")
            }
            throw CommandFailure.rejected("no Trezor found on USB (`custos devices list` shows what is attached)")
        }
        guard candidates.count == 1 else {
            throw ValidationError(
                "several Trezors are attached; name one: \(candidates.map(\.0.locator).joined(separator: ", "))")
        }
        do {
            let transport = try await DeviceDiscovery.openUSB(host: host, usb: usb, identity: identity)
            return Opened(identity: identity, transport: transport)
        } catch {
            throw DeviceFailure(error: error, context: "cannot open \(usb.locator)")
        }
    }

    private static func openEmulator(_ endpoint: String) async throws -> UDPTransport {
        let transport: UDPTransport
        do {
            transport = try UDPTransport(endpoint: endpoint)
        } catch {
            throw CommandFailure.rejected("cannot reach \(endpoint): \(error)")
        }
        let answered = (try? await transport.ping(deadline: .after(.seconds(1)))) ?? false
        guard answered else {
            await transport.close()
            throw CommandFailure.rejected("no emulator answered PINGPING at \(endpoint) within 1 s")
        }
        return transport
    }
}
