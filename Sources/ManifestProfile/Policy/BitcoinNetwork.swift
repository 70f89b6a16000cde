public import Bitcoin

/// The network a migration policy applies to, as the policy file names it (`bitcoin`, `testnet`, `signet`,
/// `regtest`); `testnet` covers testnet3 and testnet4, which share their address encodings.
public enum BitcoinNetwork: String, Sendable, CaseIterable {
    case bitcoin
    case testnet
    case signet
    case regtest

    /// The Bitcoin module's network, whose address rules validate the policy's destinations.
    public var network: Network {
        switch self {
        case .bitcoin: return .mainnet
        case .testnet: return .testnet
        case .signet: return .signet
        case .regtest: return .regtest
        }
    }
}
