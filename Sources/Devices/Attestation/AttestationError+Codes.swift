public import CustosSupport

extension AttestationError: CodedFailure {
    public enum Codes {
        public static let unsupportedModel = FailureCode(
            "attestation.model.unsupported", .unsupported, "The device reports a model Custos cannot attest.")
        public static let bootloaderMode = FailureCode(
            "attestation.bootloader-mode", .environment, "The device runs its bootloader and cannot attest firmware.")
        public static let imageFamily = FailureCode(
            "attestation.image.family", .refused, "The approved image is firmware of another device family.")
        public static let image = FailureCode(
            "attestation.image.unusable", .malformed, "The approved image is not a Trezor image that can be attested.")
        public static let versionMismatch = FailureCode(
            "attestation.version.mismatch", .refused,
            "The image's header version differs from the firmware version the device reports.")
    }

    public var code: FailureCode {
        switch self {
        case .device(let error, _): return error.code
        case .unsupportedModel: return Codes.unsupportedModel
        case .bootloaderMode: return Codes.bootloaderMode
        case .imageFamilyMismatch: return Codes.imageFamily
        case .expectedAnswer(let error): return error.code
        case .image: return Codes.image
        case .versionMismatch: return Codes.versionMismatch
        }
    }

    public var context: [(key: String, value: String)] {
        if case .device(let error, _) = self { return error.context }
        return []
    }
}
