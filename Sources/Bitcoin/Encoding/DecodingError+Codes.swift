public import CustosSupport

extension DecodingError: CodedFailure {
    public enum Codes {
        public static let truncated = FailureCode(
            "bitcoin.encoding.truncated", .malformed, "Serialized Bitcoin data ends inside a structure.")
        public static let nonCanonical = FailureCode(
            "bitcoin.encoding.non-canonical", .malformed, "A compact-size integer uses more bytes than its value needs."
        )
        public static let tooLarge = FailureCode(
            "bitcoin.encoding.too-large", .malformed, "A length or count exceeds the serialization limit or the input.")
        public static let trailingBytes = FailureCode(
            "bitcoin.encoding.trailing-bytes", .malformed, "Bytes follow a structure that must fill its container.")
        public static let invalid = FailureCode(
            "bitcoin.encoding.invalid", .malformed, "Serialized Bitcoin data decodes to an invalid value.")
    }

    public var code: FailureCode {
        switch self {
        case .truncated: return Codes.truncated
        case .nonCanonicalCompactSize: return Codes.nonCanonical
        case .sizeTooLarge: return Codes.tooLarge
        case .trailingBytes: return Codes.trailingBytes
        case .invalid: return Codes.invalid
        }
    }
}
