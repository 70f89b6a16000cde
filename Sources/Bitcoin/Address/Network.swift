/// A Bitcoin network, with the prefixes that make its addresses and keys unmistakable.
///
/// Testnet3, testnet4 and signet share every prefix, so text alone can only tell "a test network", reported as
/// `.testnet`; regtest differs from them only in its bech32 prefix.
public enum Network: String, Sendable, CaseIterable, Hashable {
    case mainnet = "main"
    case testnet = "test"
    case testnet4
    case signet
    case regtest

    /// The networks that have distinct encodings (the others are aliases of `.testnet`).
    public static let distinctEncodings: [Network] = [.mainnet, .testnet, .regtest]

    /// Accepts Bitcoin Core's chain names and common aliases: main/mainnet/bitcoin, test/testnet/testnet3,
    /// testnet4, signet, regtest.
    public init?(name: String) {
        switch name.lowercased() {
        case "main", "mainnet", "bitcoin": self = .mainnet
        case "test", "testnet", "testnet3": self = .testnet
        case "testnet4": self = .testnet4
        case "signet": self = .signet
        case "regtest": self = .regtest
        default: return nil
        }
    }

    public var pubkeyHashPrefix: UInt8 { self == .mainnet ? 0x00 : 0x6f }
    public var scriptHashPrefix: UInt8 { self == .mainnet ? 0x05 : 0xc4 }
    public var privateKeyPrefix: UInt8 { self == .mainnet ? 0x80 : 0xef }

    public var bech32Prefix: String {
        switch self {
        case .mainnet: return "bc"
        case .testnet, .testnet4, .signet: return "tb"
        case .regtest: return "bcrt"
        }
    }

    /// BIP32 version bytes: xpub/xprv on mainnet, tpub/tprv everywhere else.
    public var extendedPublicKeyVersion: UInt32 { self == .mainnet ? 0x0488_b21e : 0x0435_87cf }
    public var extendedPrivateKeyVersion: UInt32 { self == .mainnet ? 0x0488_ade4 : 0x0435_8394 }

    /// True when the two networks write addresses and keys the same way.
    public func sharesEncoding(with other: Network) -> Bool {
        bech32Prefix == other.bech32Prefix && pubkeyHashPrefix == other.pubkeyHashPrefix
    }

    static func forPrivateKeyPrefix(_ prefix: UInt8) -> Network? {
        switch prefix {
        case 0x80: return .mainnet
        case 0xef: return .testnet
        default: return nil
        }
    }
}
