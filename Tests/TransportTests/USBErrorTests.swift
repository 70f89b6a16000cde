import CLibUSB
import Testing

@testable import DeviceTransport

@Suite("libusb error mapping")
struct USBErrorTests {
    @Test(arguments: [
        (LIBUSB_ERROR_ACCESS, USBError.Kind.accessDenied, "missing udev rules or not the active seat user"),
        (LIBUSB_ERROR_BUSY, .busy, "another application holds the device (e.g. the vendor's desktop app"),
        (LIBUSB_ERROR_NO_DEVICE, .disconnected, "disconnected"),
        (LIBUSB_ERROR_IO, .disconnected, "disconnected"),
        (LIBUSB_ERROR_INVALID_PARAM, .bug, "bug in Custos"),
        (LIBUSB_ERROR_TIMEOUT, .timedOut, "timed out"),
        (LIBUSB_ERROR_NOT_SUPPORTED, .notSupported, "not supported"),
        (LIBUSB_ERROR_OTHER, .other, "unexpected"),
    ])
    func eachCodeMapsToAKindInPlainWords(code: libusb_error, kind: USBError.Kind, words: String) {
        do {
            try LibUSB.check(code.rawValue, "claim interface 0 of usb:001:002")
            Issue.record("a negative code did not throw")
        } catch {
            #expect(error.kind == kind)
            #expect(error.description.contains(words))
            #expect(error.description.hasPrefix("claim interface 0 of usb:001:002: "))
            #expect(error.description.contains(LibUSB.symbolicName(code.rawValue)))
        }
    }

    @Test func successValuesPassThrough() throws {
        #expect(try LibUSB.check(0, "x") == 0)
        #expect(try LibUSB.check(7, "x") == 7)
    }

    @Test func theInstalledLibusbStartsAndHasAVersion() async throws {
        let host = try USBHost()
        _ = try await host.devices()
        #expect(USBHost.libraryVersion.hasPrefix("1."))
    }

    @Test func deadlinesNeverHandLibusbAZeroTimeout() {
        #expect(Deadline.after(.zero).remainingMilliseconds == 1)
        #expect(Deadline.after(.seconds(-5)).remainingMilliseconds == 1)
        #expect(Deadline.after(.microseconds(10)).remainingMilliseconds >= 1)
        #expect(Deadline.after(.seconds(2)).remainingMilliseconds > 1900)
        #expect(Deadline.after(.seconds(Int64.max / 2)).remainingMilliseconds == Int32.max)
    }
}
