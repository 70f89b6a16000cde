/// Why a cryptographic operation could not be carried out.
///
/// Verification functions answer `false` for a signature that does not verify; these errors are for inputs that
/// cannot even be interpreted (a key of the wrong length, a point off the curve, a malformed encoding) and for a
/// cryptographic library that refuses to work.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A byte string had a length the operation cannot accept.
    case invalidLength(what: String, expected: String, actual: Int)
    /// Public key bytes that do not encode a point of the curve (or use an encoding that is refused).
    case invalidPublicKey(String)
    /// A private key outside the valid range.
    case invalidPrivateKey(String)
    /// Signature bytes that cannot be decoded.
    case invalidSignatureEncoding(String)
    /// A tweak that is out of range or produces the point at infinity.
    case invalidTweak
    /// A text encoding (hex, PEM) that cannot be decoded.
    case invalidEncoding(String)
    /// The underlying C library reported a failure it should not have (allocation failure, missing algorithm).
    case backendFailure(String)

    public var description: String {
        switch self {
        case .invalidLength(let what, let expected, let actual):
            return "\(what) must be \(expected) bytes, got \(actual)"
        case .invalidPublicKey(let reason):
            return "invalid public key: \(reason)"
        case .invalidPrivateKey(let reason):
            return "invalid private key: \(reason)"
        case .invalidSignatureEncoding(let reason):
            return "invalid signature encoding: \(reason)"
        case .invalidTweak:
            return "tweak is out of range or cancels the key"
        case .invalidEncoding(let reason):
            return "invalid encoding: \(reason)"
        case .backendFailure(let reason):
            return "cryptographic library failure: \(reason)"
        }
    }
}
