public import DeviceTransport
public import Devices

/// Where a workflow finds its device.
public enum DeviceSource: Sendable {
    /// A recorded conversation, replayed (`name` labels it in reports).
    case transcript(Transcript, name: String)
    /// A Trezor emulator on UDP (`HOST:PORT`).
    case emulator(endpoint: String)
    /// A USB device by its locator (`usb:BBB:DDD`), or nil for the only attached Trezor.
    case usb(locator: String?)
}

/// Opens the device a workflow names. A USB device is identified through the registry first; an emulator must
/// answer the UDP probe within the timeout, so a wrong port fails here rather than at the first request.
public enum DeviceOpening {
    public struct Opened: Sendable {
        public var identity: DeviceIdentity
        public var transport: any Transport
        /// The recording, when the source is a transcript.
        public var transcript: Transcript?
    }

    public static func open(_ source: DeviceSource, probeTimeout: Duration) async throws(CustodyError) -> Opened {
        switch source {
        case .transcript(let transcript, let name):
            return Opened(
                identity: DeviceDiscovery.trezorEmulatorIdentity,
                transport: ReplayTransport(transcript: transcript, name: name), transcript: transcript)
        case .emulator(let endpoint):
            return Opened(
                identity: DeviceDiscovery.trezorEmulatorIdentity,
                transport: try await openEmulator(endpoint, timeout: probeTimeout))
        case .usb(let locator):
            return try await openUSB(locator)
        }
    }

    private static func openUSB(_ locator: String?) async throws(CustodyError) -> Opened {
        let host: USBHost
        let attached: [USBDeviceDescription]
        do {
            host = try USBHost()
            attached = try await host.devices()
        } catch {
            throw .usbUnavailable(reason: "\(error)")
        }
        let candidates = attached.compactMap { usb -> (USBDeviceDescription, DeviceIdentity)? in
            guard let identity = DeviceRegistry.identify(vendorID: usb.vendorID, productID: usb.productID) else {
                return nil
            }
            if let locator { return usb.locator == locator ? (usb, identity) : nil }
            return identity.vendor == .trezor ? (usb, identity) : nil
        }
        guard let (usb, identity) = candidates.first else { throw .deviceNotFound(locator: locator) }
        guard candidates.count == 1 else { throw .deviceAmbiguous(locators: candidates.map(\.0.locator)) }
        do {
            return Opened(
                identity: identity,
                transport: try await DeviceDiscovery.openUSB(host: host, usb: usb, identity: identity))
        } catch {
            throw .deviceUnavailable(locator: usb.locator, error)
        }
    }

    private static func openEmulator(_ endpoint: String, timeout: Duration) async throws(CustodyError) -> UDPTransport {
        do {
            return try await DeviceDiscovery.openEmulator(endpoint: endpoint, timeout: timeout)
        } catch {
            throw .emulatorUnreachable(endpoint: endpoint, error)
        }
    }
}
