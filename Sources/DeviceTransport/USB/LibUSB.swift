internal import CLibUSB

/// The one place where libusb return codes become typed errors (swift-nio's `System.swift` is the model): every
/// libusb call in Custos goes through `check`.
enum LibUSB {
    /// Returns `code` when it is a success value (>= 0), otherwise throws the mapped `USBError`.
    @discardableResult
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(USBError) -> Int32 {
        guard code < 0 else { return code }
        throw USBError(kind: kind(of: code), operation: operation(), code: code)
    }

    static func kind(of code: Int32) -> USBError.Kind {
        switch code {
        case LIBUSB_ERROR_ACCESS.rawValue: return .accessDenied
        case LIBUSB_ERROR_BUSY.rawValue: return .busy
        // An I/O error in the middle of a session is what an unplugged or resetting device produces.
        case LIBUSB_ERROR_NO_DEVICE.rawValue, LIBUSB_ERROR_IO.rawValue: return .disconnected
        case LIBUSB_ERROR_NOT_FOUND.rawValue: return .notFound
        case LIBUSB_ERROR_TIMEOUT.rawValue: return .timedOut
        case LIBUSB_ERROR_PIPE.rawValue: return .stalled
        case LIBUSB_ERROR_OVERFLOW.rawValue: return .overflow
        case LIBUSB_ERROR_INTERRUPTED.rawValue: return .interrupted
        case LIBUSB_ERROR_NO_MEM.rawValue: return .outOfMemory
        case LIBUSB_ERROR_NOT_SUPPORTED.rawValue: return .notSupported
        case LIBUSB_ERROR_INVALID_PARAM.rawValue: return .bug
        default: return .other
        }
    }

    static func symbolicName(_ code: Int32) -> String {
        guard let name = libusb_error_name(code) else { return "libusb error \(code)" }
        return String(cString: name)
    }

    /// The libusb library's version, e.g. "1.0.26.11724".
    static var version: String {
        guard let version = libusb_get_version() else { return "unknown" }
        let value = version.pointee
        return "\(value.major).\(value.minor).\(value.micro).\(value.nano)"
    }
}
