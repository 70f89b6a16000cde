/// Why text is not an address Custos accepts.
public enum AddressError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidEncoding(String)
    case wrongNetwork(address: String, expected: Network)
    /// The output script has no address form (bare multisig, OP_RETURN, non-standard).
    case noAddressForm

    public var description: String {
        switch self {
        case .invalidEncoding(let text): return "not a valid Bitcoin address: \(text)"
        case .wrongNetwork(let address, let expected):
            return "\(address) is not a \(expected.rawValue) address"
        case .noAddressForm: return "this output script has no address form"
        }
    }
}
