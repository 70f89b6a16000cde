/// A libusb failure, in the plain words a custody operator needs, with the libusb name for bug reports.
public struct USBError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, grouped by what the operator can do about it.
    public enum Kind: String, Sendable, Equatable {
        case accessDenied
        case busy
        case disconnected
        case notFound
        case timedOut
        case stalled
        case overflow
        case interrupted
        case outOfMemory
        case notSupported
        /// libusb rejected a parameter: Custos called it wrongly. Reported, never trapped.
        case bug
        case other
    }

    public let kind: Kind
    /// What Custos was doing, e.g. "claim interface 0 of usb:001:011".
    public let operation: String
    /// The libusb return code (negative).
    public let libusbCode: Int32

    public init(kind: Kind, operation: String, code: Int32) {
        self.kind = kind
        self.operation = operation
        self.libusbCode = code
    }

    /// The reason in plain words.
    public var reason: String {
        switch kind {
        case .accessDenied: return "missing udev rules or not the active seat user"
        case .busy:
            return "another application holds the device (e.g. the vendor's desktop app: Trezor Suite, "
                + "Ledger Live, trezord or a browser tab using WebUSB); close it and retry"
        case .disconnected: return "disconnected"
        case .notFound: return "not found (the device or interface is gone)"
        case .timedOut: return "timed out"
        case .stalled: return "the device stalled the endpoint"
        case .overflow: return "the device sent more data than asked for"
        case .interrupted: return "interrupted"
        case .outOfMemory: return "out of memory"
        case .notSupported: return "not supported on this system"
        case .bug: return "libusb rejected a parameter: this is a bug in Custos, please report it"
        case .other: return "unexpected libusb failure"
        }
    }

    public var description: String {
        "\(operation): \(reason) (\(LibUSB.symbolicName(libusbCode)))"
    }
}
