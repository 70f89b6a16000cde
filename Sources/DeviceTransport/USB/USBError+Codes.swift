public import CustosSupport

extension USBError: CodedFailure {
    public enum Codes {
        public static let accessDenied = FailureCode(
            "usb.access-denied", .environment, "The user may not open the USB device (udev rules, seat).")
        public static let busy = FailureCode("usb.busy", .environment, "Another application holds the USB device.")
        public static let gone = FailureCode("usb.gone", .environment, "The USB device was disconnected or is gone.")
        public static let timeout = FailureCode("usb.timeout", .environment, "A USB transfer timed out.")
        public static let failure = FailureCode(
            "usb.failure", .environment, "libusb failed (stall, overflow, memory, unsupported, or a Custos bug).")
    }

    public var code: FailureCode {
        switch kind {
        case .accessDenied: return Codes.accessDenied
        case .busy: return Codes.busy
        case .disconnected, .notFound: return Codes.gone
        case .timedOut: return Codes.timeout
        case .stalled, .overflow, .interrupted, .outOfMemory, .notSupported, .bug, .other: return Codes.failure
        }
    }
}
