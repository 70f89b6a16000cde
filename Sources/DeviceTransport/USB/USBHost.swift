internal import CLibUSB

/// The machine's USB bus as libusb sees it: enumeration, opening devices and hotplug events.
///
/// An actor with a thread of its own: enumeration reads sysfs and descriptors (blocking calls), so it stays off
/// Swift's cooperative pool. Each opened device gets its own `USBDeviceConnection` actor and thread.
public actor USBHost {
    private let executor = DedicatedThreadExecutor(name: "custos-usb-host")
    let context: USBContext

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Initialises libusb. Fails (typed) when libusb cannot start, e.g. no usbfs at all on some systems.
    public init() throws(USBError) {
        context = try USBContext()
    }

    /// The installed libusb's version, e.g. "1.0.26.11724".
    public nonisolated static var libraryVersion: String {
        LibUSB.version
    }

    /// Whether this libusb and platform deliver hotplug events.
    public nonisolated static var supportsHotplug: Bool {
        libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0
    }

    /// Every device on every bus with its descriptors. A device whose descriptor cannot be read is skipped; with
    /// no USB support in the kernel (containers) the list is empty, not an error.
    public func devices() throws(USBError) -> [USBDeviceDescription] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = try LibUSB.check(
            Int32(clamping: libusb_get_device_list(context.pointer, &list)), "list USB devices")
        guard let list else { return [] }
        defer { libusb_free_device_list(list, 1) }
        var result: [USBDeviceDescription] = []
        for index in 0..<Int(count) {
            guard let device = list[index], let description = try? USBDescriptorReader.describe(device) else {
                continue
            }
            result.append(description)
        }
        return result
    }

    /// Opens `device` (found again by bus and address) on a connection with its own thread.
    public func open(_ device: USBDeviceDescription) async throws(USBError) -> USBDeviceConnection {
        let connection = USBDeviceConnection(context: context, device: device)
        try await connection.open()
        return connection
    }

    /// Starts delivering arrivals and departures of devices matching `vendorID` (all vendors when nil). With
    /// `includeExisting`, devices already attached arrive first. Throws `.notSupported` where libusb has no hotplug.
    public func hotplugEvents(
        vendorID: UInt16? = nil, includeExisting: Bool = true
    ) throws(USBError)
        -> USBHotplugMonitor
    {
        try USBHotplugMonitor(context: context, vendorID: vendorID, includeExisting: includeExisting)
    }
}
