public import CustosSupport
public import Devices
public import ManifestProfile

/// Why a workflow stopped before its engines could give a verdict: the pinned manifest could not be used, or no
/// device could be reached. Verdicts themselves (a refused image, a mismatched device) are results, not errors.
public enum CustodyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The manifest store holds nothing trusted, or what it holds does not verify offline.
    case manifestUnusable(StoredManifestError)
    /// A role of the pinned manifest has expired: it approves nothing until it is updated.
    case manifestExpired(folder: String, roles: [String])
    /// libusb could not list devices.
    case usbUnavailable(reason: String)
    /// No supported device at the named locator, or (locator nil) no Trezor at all.
    case deviceNotFound(locator: String?)
    /// Several Trezors are attached and none was named.
    case deviceAmbiguous(locators: [String])
    /// The device was found but could not be opened or claimed.
    case deviceUnavailable(locator: String, DeviceError)
    /// The emulator's address cannot be used, nothing answered there, or something else did.
    case emulatorUnreachable(endpoint: String, DeviceError)

    public var description: String {
        switch self {
        case .manifestUnusable(let error):
            return "the pinned manifest in \(error.folder) cannot be used: \(error)"
        case .manifestExpired(let folder, let roles):
            return "the pinned manifest in \(folder) has expired (\(roles.joined(separator: ", "))); it approves "
                + "nothing until it is updated"
        case .usbUnavailable(let reason): return "cannot list USB devices: \(reason)"
        case .deviceNotFound(let locator):
            return locator.map { "no supported device at \($0)" } ?? "no Trezor found on USB"
        case .deviceAmbiguous(let locators):
            return "several Trezors are attached; name one: \(locators.joined(separator: ", "))"
        case .deviceUnavailable(let locator, let error): return "cannot open \(locator): \(error)"
        case .emulatorUnreachable(let endpoint, let error): return "cannot use the emulator at \(endpoint): \(error)"
        }
    }
}

extension CustodyError: CodedFailure {
    public enum Codes {
        public static let manifestExpired = FailureCode(
            "manifest.expired", .refused,
            "A role of the pinned manifest has expired; it approves nothing until updated.")
        public static let usbUnavailable = FailureCode(
            "device.usb.unavailable", .environment, "libusb could not list the USB devices.")
        public static let deviceNotFound = FailureCode(
            "device.not-found", .environment, "No supported device at the named locator, or no Trezor attached.")
        public static let deviceAmbiguous = FailureCode(
            "device.ambiguous", .usage, "Several devices could be meant; one must be named.")
    }

    public var code: FailureCode {
        switch self {
        case .manifestUnusable(let error): return error.code
        case .manifestExpired: return Codes.manifestExpired
        case .usbUnavailable: return Codes.usbUnavailable
        case .deviceNotFound: return Codes.deviceNotFound
        case .deviceAmbiguous: return Codes.deviceAmbiguous
        // The device's own failure says more than "unavailable": permissions, busy, refused port, no answer.
        case .deviceUnavailable(_, let error): return error.code
        case .emulatorUnreachable(_, let error): return error.code
        }
    }
}
