public import CustosSupport

extension BIP32Error: CodedFailure {
    public enum Codes {
        public static let encoding = FailureCode(
            "bip32.encoding", .malformed, "An extended key's encoding, version or key data is invalid.")
        public static let hardenedFromPublic = FailureCode(
            "bip32.derivation.hardened", .malformed, "A hardened derivation step follows a public extended key.")
        public static let derivation = FailureCode(
            "bip32.derivation.invalid", .malformed, "A derivation yields an invalid key or goes deeper than 255 levels."
        )
    }

    public var code: FailureCode {
        switch self {
        case .invalidEncoding, .unknownVersion, .invalidKeyData: return Codes.encoding
        case .hardenedDerivationFromPublicKey: return Codes.hardenedFromPublic
        case .invalidChild, .depthOverflow: return Codes.derivation
        }
    }
}
