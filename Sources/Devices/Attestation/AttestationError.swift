public import Firmware

/// Why an attestation could not be made or its image not be read. Each case has a failure code
/// (`AttestationError+Codes.swift`) whose category says whether bytes could not be read as what they claim or the
/// check could not be made or was refused.
public enum AttestationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The conversation with the device failed; `context` says which step.
    case device(DeviceError, context: String)
    /// The device reports a model Custos cannot attest.
    case unsupportedModel(device: String, reported: String?)
    /// The device runs its bootloader, which cannot answer for the installed firmware.
    case bootloaderMode
    /// The approved image is firmware of another device family than the device's.
    case imageFamilyMismatch(image: TrezorInstalledImage.Family, deviceModel: String)
    /// The expected answer cannot be computed from the image (too large for the model's flash, challenge too long).
    case expectedAnswer(DeviceHashError)
    /// The approved image file is not a Trezor image that can answer GetFirmwareHash.
    case image(String)
    /// The image's header names another firmware version than the device reports (nil: the header names none).
    case versionMismatch(image: String?, device: String?)

    /// True when bytes could not be read as what they claim (exit 2): the image file, or a device reply that broke
    /// its protocol. False when the check could not be made or was refused (exit 1).
    public var isUnparsable: Bool {
        switch self {
        case .device(let error, _): return error.isProtocolViolation
        case .unsupportedModel, .image: return true
        case .bootloaderMode, .imageFamilyMismatch, .expectedAnswer, .versionMismatch: return false
        }
    }

    public var description: String {
        switch self {
        case .device(let error, let context): return "\(context): \(error)"
        case .unsupportedModel(let device, let reported):
            return "\(device) reports model \(reported ?? "none"), which Custos cannot attest"
        case .bootloaderMode: return "the device is in bootloader mode: restart it into its firmware and retry"
        case .imageFamilyMismatch(let family, let model):
            return "the image is \(family.rawValue) firmware but the device is a \(model)"
        case .expectedAnswer(let error): return "cannot compute the expected answer: \(error)"
        case .image(let reason): return reason
        case .versionMismatch(let image, let device):
            return "the image is firmware \(image ?? "of no readable version") but the device reports firmware "
                + "\(device ?? "of no version"): refused before asking for its hash; attest with the image of the "
                + "version the device runs"
        }
    }
}
