internal import ArgumentParser
internal import Bitcoin
internal import BitcoinPSBT

/// The `--network NAME` option's value, and the network a PSBT implies when none is given.
enum NetworkChoice {
    /// The named network, nil when no name is given; an unknown name is a usage error.
    static func parse(_ name: String?) throws -> Network? {
        guard let name else { return nil }
        guard let network = Network(name: name) else {
            throw ValidationError("unknown network \(name); use main, test, testnet4, signet or regtest")
        }
        return network
    }

    /// Test networks when the PSBT's global xpubs are tpubs, else main.
    static func inferred(from psbt: PSBT) -> Network {
        let networks = psbt.global.extendedPublicKeys.compactMap { $0.key?.network }
        return networks.first ?? .mainnet
    }
}
