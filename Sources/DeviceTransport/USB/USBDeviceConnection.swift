internal import CLibUSB

/// One opened USB device: claim an interface, move interrupt reports with deadlines, release on close.
///
/// Every libusb call here blocks (up to the caller's deadline), so the actor runs on a thread of its own
/// (`DedicatedThreadExecutor`), never on Swift's cooperative pool: one actor and one thread per open device.
public actor USBDeviceConnection {
    private let executor: DedicatedThreadExecutor
    private let context: USBContext
    public nonisolated let device: USBDeviceDescription
    private var handle: OpaquePointer?
    private var claimedInterface: Int32?
    private var detachedKernelDriver = false
    /// Set when the kernel-driver query failed; the claim went ahead assuming no driver was bound.
    public private(set) var kernelDriverQueryProblem: USBError?

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    init(context: USBContext, device: USBDeviceDescription) {
        self.context = context
        self.device = device
        executor = DedicatedThreadExecutor(name: "custos-\(device.locator)")
    }

    isolated deinit {
        // Closed without `close()`: still give the interface and the kernel driver back.
        if let handle {
            if let claimedInterface {
                libusb_release_interface(handle, claimedInterface)
                if detachedKernelDriver { libusb_attach_kernel_driver(handle, claimedInterface) }
            }
            libusb_close(handle)
        }
    }

    func open() throws(USBError) {
        guard handle == nil else { return }
        let operation = "open \(device.locator) (\(device.identifier))"
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = try LibUSB.check(Int32(clamping: libusb_get_device_list(context.pointer, &list)), operation)
        guard let list else {
            throw USBError(kind: .notFound, operation: operation, code: LIBUSB_ERROR_NOT_FOUND.rawValue)
        }
        defer { libusb_free_device_list(list, 1) }
        for index in 0..<Int(count) {
            guard let candidate = list[index],
                libusb_get_bus_number(candidate) == device.busNumber,
                libusb_get_device_address(candidate) == device.address
            else { continue }
            var opened: OpaquePointer?
            try LibUSB.check(libusb_open(candidate, &opened), operation)
            handle = opened
            return
        }
        throw USBError(kind: .notFound, operation: operation, code: LIBUSB_ERROR_NOT_FOUND.rawValue)
    }

    /// The manufacturer, product and serial strings (each nil when absent or unreadable).
    public func strings() -> USBDeviceStrings {
        guard let handle else { return USBDeviceStrings() }
        return USBDeviceStrings(
            manufacturer: USBDescriptorReader.string(handle, index: device.manufacturerStringIndex),
            product: USBDescriptorReader.string(handle, index: device.productStringIndex),
            serialNumber: USBDescriptorReader.string(handle, index: device.serialNumberStringIndex))
    }

    /// Claims `interface`, detaching a bound kernel driver (usbhid on HID devices) first and remembering to
    /// re-attach it on close. A failed kernel-driver *query* is not fatal: some systems (and umockdev) cannot
    /// answer it, so the claim goes ahead as if no driver were bound.
    public func claim(interface: UInt8) throws(USBError) {
        let handle = try openHandle()
        let number = Int32(interface)
        let operation = "claim interface \(interface) of \(device.locator)"
        let active = libusb_kernel_driver_active(handle, number)
        if active == 1 {
            let detached = libusb_detach_kernel_driver(handle, number)
            // NOT_FOUND: the driver went away between query and detach, which is what we wanted.
            if detached != LIBUSB_ERROR_NOT_FOUND.rawValue {
                try LibUSB.check(detached, "detach the kernel driver from interface \(interface) of \(device.locator)")
                detachedKernelDriver = true
            }
        } else if active < 0 && active != LIBUSB_ERROR_NOT_SUPPORTED.rawValue {
            kernelDriverQueryProblem = USBError(
                kind: LibUSB.kind(of: active), operation: "query the kernel driver of interface \(interface)",
                code: active)
        }
        do {
            try LibUSB.check(libusb_claim_interface(handle, number), operation)
        } catch {
            if detachedKernelDriver {
                libusb_attach_kernel_driver(handle, number)
                detachedKernelDriver = false
            }
            throw error
        }
        claimedInterface = number
    }

    /// Writes one interrupt report to `endpoint` (an OUT address such as 0x01).
    public func interruptWrite(endpoint: UInt8, _ report: [UInt8], deadline: Deadline) throws(TransportError) {
        let handle = try transferHandle()
        guard !deadline.hasPassed else { throw .timedOut(operation: "write to \(device.locator)") }
        var bytes = report
        var transferred: Int32 = 0
        let code = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            libusb_interrupt_transfer(
                handle, endpoint, buffer.baseAddress, Int32(buffer.count), &transferred,
                UInt32(deadline.remainingMilliseconds))
        }
        if code == 0 && Int(transferred) == report.count { return }
        if code == 0 || code == LIBUSB_ERROR_TIMEOUT.rawValue {
            throw .timedOut(operation: "write to \(device.locator)")
        }
        throw mapTransferError(code, operation: "write to \(device.locator)")
    }

    /// Reads one interrupt report of at most `length` bytes from `endpoint` (an IN address such as 0x81).
    public func interruptRead(endpoint: UInt8, length: Int, deadline: Deadline) throws(TransportError) -> [UInt8] {
        let handle = try transferHandle()
        guard !deadline.hasPassed else { throw .timedOut(operation: "read from \(device.locator)") }
        var bytes = [UInt8](repeating: 0, count: length)
        var transferred: Int32 = 0
        let code = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            libusb_interrupt_transfer(
                handle, endpoint, buffer.baseAddress, Int32(buffer.count), &transferred,
                UInt32(deadline.remainingMilliseconds))
        }
        // A timeout that still delivered data counts as a read (as trezorlib does).
        if code == 0 || (code == LIBUSB_ERROR_TIMEOUT.rawValue && transferred > 0) {
            return Array(bytes[..<Int(max(0, min(transferred, Int32(length))))])
        }
        if code == LIBUSB_ERROR_TIMEOUT.rawValue { throw .timedOut(operation: "read from \(device.locator)") }
        throw mapTransferError(code, operation: "read from \(device.locator)")
    }

    /// Releases the interface, re-attaches a kernel driver Custos detached, and closes the device. Idempotent.
    public func close() {
        guard let handle else { return }
        if let claimedInterface {
            libusb_release_interface(handle, claimedInterface)
            if detachedKernelDriver { libusb_attach_kernel_driver(handle, claimedInterface) }
        }
        claimedInterface = nil
        detachedKernelDriver = false
        libusb_close(handle)
        self.handle = nil
    }

    private func openHandle() throws(USBError) -> OpaquePointer {
        guard let handle else {
            throw USBError(
                kind: .bug, operation: "use \(device.locator) before opening it",
                code: LIBUSB_ERROR_INVALID_PARAM.rawValue)
        }
        return handle
    }

    private func transferHandle() throws(TransportError) -> OpaquePointer {
        guard let handle, claimedInterface != nil else { throw .closed }
        return handle
    }

    private func mapTransferError(_ code: Int32, operation: String) -> TransportError {
        let kind = LibUSB.kind(of: code)
        if kind == .disconnected { return .disconnected(reason: "\(operation): \(LibUSB.symbolicName(code))") }
        return .usb(USBError(kind: kind, operation: operation, code: code))
    }
}
