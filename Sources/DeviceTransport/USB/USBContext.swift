internal import CLibUSB

/// Owns one `libusb_context`.
///
/// `@unchecked Sendable`: libusb contexts are thread-safe (libusb serialises its own state); this wrapper only
/// creates the context once and frees it in `deinit`, after every actor using it (each holds a reference) is gone.
final class USBContext: @unchecked Sendable {
    let pointer: OpaquePointer

    init() throws(USBError) {
        var context: OpaquePointer?
        try LibUSB.check(libusb_init(&context), "initialise libusb")
        guard let context else {
            throw USBError(kind: .other, operation: "initialise libusb", code: LIBUSB_ERROR_OTHER.rawValue)
        }
        pointer = context
    }

    deinit {
        libusb_exit(pointer)
    }
}
