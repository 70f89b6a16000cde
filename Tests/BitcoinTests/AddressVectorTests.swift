import Bitcoin
import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

@Suite("addresses and WIF keys against Bitcoin Core's key_io vectors")
struct AddressVectorTests {
    private func network(_ chain: String) throws -> Network {
        guard let network = Network(name: chain) else { throw TestDataError("unknown chain \(chain)") }
        return network
    }

    /// key_io_valid.json: each address decodes on its chain to the expected script and re-encodes (also with the
    /// case flipped where the vector asks), and each WIF key decodes to the expected secret and compression flag.
    @Test func validKeyIO() throws {
        guard let rows = try SharedVectors.json("psbt/bitcoin-core/key_io_valid.json") as? [[Any]] else {
            throw TestDataError("key_io_valid.json is not an array")
        }
        var passed = 0
        for row in rows {
            guard let text = row[0] as? String, let payload = row[1] as? String,
                let metadata = row[2] as? [String: Any], let chain = metadata["chain"] as? String,
                let isPrivate = metadata["isPrivkey"] as? Bool
            else { throw TestDataError("malformed key_io row") }
            let network = try network(chain)
            var ok = false
            if isPrivate {
                let key = PrivateKeyWIF(text)
                ok =
                    key?.privateKey.rawRepresentation.hexString == payload
                    && key?.isCompressed == (metadata["isCompressed"] as? Bool)
                    && key?.network.privateKeyPrefix == network.privateKeyPrefix && key?.encoded == text
                ok = ok && (try? Address(text)) == nil
            } else {
                let address = try? Address(text, network: network)
                // Bech32 re-encodes in lower case; Base58 exactly.
                let canonical =
                    text.hasPrefix(network.bech32Prefix) || text.lowercased().hasPrefix(network.bech32Prefix)
                    ? text.lowercased() : text
                ok = address?.scriptPubKey.bytes.hexString == payload && address?.description == canonical
                if metadata["tryCaseFlip"] as? Bool == true {
                    let flipped = String(
                        text.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) })
                    ok = ok && (try? Address(flipped, network: network))?.scriptPubKey.bytes.hexString == payload
                }
                // The same text is refused on a network with another encoding, naming the network.
                let other: Network = network == .mainnet ? .regtest : .mainnet
                if !other.sharesEncoding(with: network) {
                    ok = ok && (try? Address(text, network: other)) == nil
                }
                ok = ok && PrivateKeyWIF(text) == nil
                if let address, let fromScript = try? Address(scriptPubKey: address.scriptPubKey, network: network) {
                    ok = ok && fromScript.description == address.description
                }
            }
            #expect(ok, "key_io_valid \(text) \(chain)")
            if ok { passed += 1 }
        }
        reportVectorCount("Bitcoin Core key_io_valid.json", passed: passed, total: rows.count)
        #expect(rows.count == 70)
        #expect(passed == rows.count)
    }

    /// key_io_invalid.json: nothing decodes as an address or a private key on any network.
    @Test func invalidKeyIO() throws {
        guard let rows = try SharedVectors.json("psbt/bitcoin-core/key_io_invalid.json") as? [[Any]] else {
            throw TestDataError("key_io_invalid.json is not an array")
        }
        var refused = 0
        for row in rows {
            guard let text = row[0] as? String else { throw TestDataError("malformed key_io_invalid row") }
            let accepted = (try? Address(text)) != nil || PrivateKeyWIF(text) != nil
            #expect(!accepted, "key_io_invalid accepted \(text)")
            if !accepted { refused += 1 }
        }
        reportVectorCount("Bitcoin Core key_io_invalid.json", passed: refused, total: rows.count)
        #expect(rows.count == 70)
        #expect(refused == rows.count)
    }

    @Test func wrongNetworkIsNamed() throws {
        let mainnet = "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv"
        #expect(throws: AddressError.wrongNetwork(address: mainnet, expected: .regtest)) {
            try Address(mainnet, network: .regtest)
        }
        #expect(throws: AddressError.invalidEncoding("bc1qnope")) { try Address("bc1qnope", network: .mainnet) }
        #expect(throws: AddressError.noAddressForm) {
            try Address(scriptPubKey: Script([0x6a, 0x01, 0x00]), network: .mainnet)
        }
    }
}
