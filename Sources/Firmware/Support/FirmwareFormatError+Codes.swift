public import CustosSupport

extension FirmwareFormatError: CodedFailure {
    public enum Codes {
        public static let empty = FailureCode("firmware.image.empty", .malformed, "A firmware file is empty.")
        public static let unrecognised = FailureCode(
            "firmware.image.unrecognised", .malformed, "A file is not an image of any supported vendor format.")
        public static let unsupported = FailureCode(
            "firmware.image.unsupported", .unsupported, "A firmware image of a kind Custos does not verify yet.")
        public static let truncated = FailureCode(
            "firmware.image.truncated", .malformed, "A firmware image ends inside a field.")
        public static let invalidField = FailureCode(
            "firmware.image.field", .malformed, "A firmware image field has an invalid value.")
        public static let trailingBytes = FailureCode(
            "firmware.image.trailing-bytes", .malformed, "Unexpected bytes follow a firmware image's last part.")
    }

    public var code: FailureCode {
        switch self {
        case .empty: return Codes.empty
        case .unrecognised: return Codes.unrecognised
        case .unsupported: return Codes.unsupported
        case .truncated: return Codes.truncated
        case .invalidField: return Codes.invalidField
        case .trailingBytes: return Codes.trailingBytes
        }
    }
}
