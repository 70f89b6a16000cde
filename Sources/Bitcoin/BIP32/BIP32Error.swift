/// Why an extended key could not be decoded or derived.
public enum BIP32Error: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidEncoding(String)
    case unknownVersion(UInt32)
    case invalidKeyData(String)
    /// Hardened derivation needs the private key.
    case hardenedDerivationFromPublicKey
    /// The derived key is invalid (IL ≥ n or the point at infinity); BIP32 says to skip such an index.
    case invalidChild(index: UInt32)
    case depthOverflow

    public var description: String {
        switch self {
        case .invalidEncoding(let reason): return "invalid extended key: \(reason)"
        case .unknownVersion(let version): return "unknown extended key version 0x\(String(version, radix: 16))"
        case .invalidKeyData(let reason): return "invalid extended key data: \(reason)"
        case .hardenedDerivationFromPublicKey: return "hardened derivation requires a private key"
        case .invalidChild(let index): return "child \(index) is an invalid key"
        case .depthOverflow: return "derivation deeper than 255 levels"
        }
    }
}
