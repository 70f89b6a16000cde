/// The Bitcoin network a migration policy applies to, with the address prefixes that identify it.
public enum BitcoinNetwork: String, Sendable, CaseIterable {
    case bitcoin
    case testnet
    case signet
    case regtest

    /// Human-readable part of segwit addresses.
    var bech32Prefix: String {
        switch self {
        case .bitcoin: return "bc"
        case .testnet, .signet: return "tb"
        case .regtest: return "bcrt"
        }
    }

    /// Base58Check version bytes of P2PKH and P2SH addresses.
    var base58Versions: Set<UInt8> {
        self == .bitcoin ? [0x00, 0x05] : [0x6f, 0xc4]
    }
}
