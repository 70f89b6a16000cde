/// A Bitcoin address: Base58Check P2PKH/P2SH or a bech32/bech32m segwit address, tied to its network.
public struct Address: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case payToPubkeyHash([UInt8])
        case payToScriptHash([UInt8])
        case witness(version: Int, program: [UInt8])
    }

    public let kind: Kind
    public let network: Network

    public init(kind: Kind, network: Network) {
        self.kind = kind
        self.network = network
    }

    /// Parses an address of any network. Test networks that share an encoding report `.testnet`.
    public init(_ text: String) throws(AddressError) {
        for network in Network.distinctEncodings {
            if let address = Address(text, exactly: network) {
                self = address
                return
            }
        }
        throw .invalidEncoding(text)
    }

    /// Parses an address that must belong to `network` (or a network sharing its encoding).
    public init(_ text: String, network: Network) throws(AddressError) {
        if let address = Address(text, exactly: network) {
            self = address
            return
        }
        if (try? Address(text)) != nil { throw .wrongNetwork(address: text, expected: network) }
        throw .invalidEncoding(text)
    }

    private init?(_ text: String, exactly network: Network) {
        if let payload = Base58.decodeCheck(text), payload.count == 21 {
            if payload[0] == network.pubkeyHashPrefix {
                self.init(kind: .payToPubkeyHash(Array(payload[1...])), network: network)
                return
            }
            if payload[0] == network.scriptHashPrefix {
                self.init(kind: .payToScriptHash(Array(payload[1...])), network: network)
                return
            }
            return nil
        }
        guard let decoded = Bech32.decode(text), decoded.prefix == network.bech32Prefix,
            let versionValue = decoded.data.first
        else { return nil }
        let version = Int(versionValue)
        guard version <= 16,
            let program = Bech32.convertBits(Array(decoded.data.dropFirst()), from: 5, to: 8, pad: false),
            program.count >= 2, program.count <= 40
        else { return nil }
        // BIP350: version 0 uses bech32 with a 20- or 32-byte program; later versions use bech32m.
        if version == 0 {
            guard decoded.variant == .bech32, program.count == 20 || program.count == 32 else { return nil }
        } else if decoded.variant != .bech32m {
            return nil
        }
        self.init(kind: .witness(version: version, program: program), network: network)
    }

    /// The address paying to an output script, when the script has one.
    public init(scriptPubKey: Script, network: Network) throws(AddressError) {
        switch OutputType(scriptPubKey) {
        case .payToPubkeyHash(let hash): kind = .payToPubkeyHash(hash)
        case .payToScriptHash(let hash): kind = .payToScriptHash(hash)
        case .payToWitnessPubkeyHash(let program), .payToWitnessScriptHash(let program):
            kind = .witness(version: 0, program: program)
        case .payToTaproot(let program): kind = .witness(version: 1, program: program)
        case .witnessUnknown(let version, let program): kind = .witness(version: version, program: program)
        default: throw .noAddressForm
        }
        self.network = network
    }

    public var scriptPubKey: Script {
        switch kind {
        case .payToPubkeyHash(let hash): return .payToPubkeyHash(hash)
        case .payToScriptHash(let hash): return .payToScriptHash(hash)
        case .witness(let version, let program): return .witnessProgram(version: version, program: program)
        }
    }

    /// The canonical text (lower-case for bech32).
    public var description: String {
        switch kind {
        case .payToPubkeyHash(let hash): return Base58.encodeCheck([network.pubkeyHashPrefix] + hash)
        case .payToScriptHash(let hash): return Base58.encodeCheck([network.scriptHashPrefix] + hash)
        case .witness(let version, let program):
            let data = [UInt8(version)] + (Bech32.convertBits(program, from: 8, to: 5, pad: true) ?? [])
            return Bech32.encode(prefix: network.bech32Prefix, data: data, variant: version == 0 ? .bech32 : .bech32m)
        }
    }
}
