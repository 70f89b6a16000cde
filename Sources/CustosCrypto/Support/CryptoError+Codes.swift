public import CustosSupport

extension CryptoError: CodedFailure {
    public enum Codes {
        public static let key = FailureCode(
            "crypto.key.invalid", .malformed, "Key bytes are of the wrong length or not a valid key of the curve.")
        public static let signature = FailureCode(
            "crypto.signature.encoding", .malformed, "Signature bytes cannot be decoded.")
        public static let encoding = FailureCode(
            "crypto.encoding", .malformed, "A hex or PEM text cannot be decoded, or a tweak is out of range.")
        public static let backend = FailureCode(
            "crypto.backend", .environment, "The cryptographic library failed (allocation, missing algorithm).")
    }

    public var code: FailureCode {
        switch self {
        case .invalidLength, .invalidPublicKey, .invalidPrivateKey: return Codes.key
        case .invalidSignatureEncoding: return Codes.signature
        case .invalidTweak, .invalidEncoding: return Codes.encoding
        case .backendFailure: return Codes.backend
        }
    }
}
