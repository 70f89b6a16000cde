public import CustosSupport
public import Devices

/// Why a workflow stopped before its engines could give a verdict: the pinned manifest could not be used, or no
/// device could be reached. Verdicts themselves (a refused image, a mismatched device) are results, not errors.
public enum CustodyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The manifest store holds nothing trusted, or what it holds does not verify offline.
    case manifestUnusable(folder: String, reason: String, local: Bool)
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
        case .manifestUnusable(let folder, let reason, _):
            return "the pinned manifest in \(folder) cannot be used: \(reason)"
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
    public var code: FailureCode {
        switch self {
        case .manifestUnusable(_, _, let local): return local ? .manifestStoreUnusable : .manifestUntrusted
        case .manifestExpired: return .manifestExpired
        case .usbUnavailable: return .deviceUSBUnavailable
        case .deviceNotFound: return .deviceNotFound
        case .deviceAmbiguous: return .deviceAmbiguous
        case .deviceUnavailable(_, let error):
            return error.isProtocolViolation ? .deviceProtocolViolation : .deviceUnavailable
        case .emulatorUnreachable(_, let error):
            if case .emulatorNotReady(.refused) = error { return .deviceEmulatorRefused }
            return .deviceEmulatorUnreachable
        }
    }
}

extension FailureCode {
    public static let manifestStoreUnusable = FailureCode(
        "manifest.store.unusable", .malformed, "the manifest store holds no trusted metadata, or it cannot be read")
    public static let manifestUntrusted = FailureCode(
        "manifest.store.untrusted", .refused, "the manifest store's metadata does not verify against the pinned root")
    public static let manifestExpired = FailureCode(
        "manifest.expired", .refused, "a role of the pinned manifest has expired; it approves nothing until updated")
    public static let deviceUSBUnavailable = FailureCode(
        "device.usb.unavailable", .environment, "libusb could not list the USB devices")
    public static let deviceNotFound = FailureCode(
        "device.not-found", .environment, "no supported device at the named locator, or no Trezor attached")
    public static let deviceAmbiguous = FailureCode(
        "device.ambiguous", .usage, "several devices could be meant; one must be named")
    public static let deviceUnavailable = FailureCode(
        "device.unavailable", .environment, "the device could not be opened, claimed or reached")
    public static let deviceProtocolViolation = FailureCode(
        "device.protocol.violation", .malformed, "the device's bytes broke its protocol")
    public static let deviceEmulatorRefused = FailureCode(
        "device.emulator.refused", .environment, "nothing listens at the emulator's address (the port refused)")
    public static let deviceEmulatorUnreachable = FailureCode(
        "device.emulator.unreachable", .environment,
        "the emulator's address cannot be used, or no emulator answered there in time")
}
