import Bitcoin
import CustosTestSupport
import Foundation
import Testing

@Suite("BIP32 against the BIP's and HWI's vectors")
struct BIP32VectorTests {
    struct BIPFile: Decodable {
        struct Chain: Decodable {
            let path: String
            let extPub: String
            let extPrv: String

            enum CodingKeys: String, CodingKey {
                case path
                case extPub = "ext_pub"
                case extPrv = "ext_prv"
            }
        }

        struct InvalidKey: Decodable {
            let key: String
            let reason: String
        }

        struct Vector: Decodable {
            let name: String
            let seedHex: String?
            let chains: [Chain]?
            let invalidExtendedKeys: [InvalidKey]?

            enum CodingKeys: String, CodingKey {
                case name
                case seedHex = "seed_hex"
                case chains
                case invalidExtendedKeys = "invalid_extended_keys"
            }
        }

        let vectors: [Vector]
    }

    /// Vectors 1-4: from each seed, every chain's xprv and xpub by private derivation; the xpub re-derived from
    /// the parent xpub wherever the last step is not hardened; parse and re-encode of every key.
    @Test func bipDerivationChains() throws {
        let file = try SharedVectors.decode(BIPFile.self, from: "psbt/bips/bip32_test_vectors.json")
        var total = 0
        var passed = 0
        for vector in file.vectors {
            guard let seed = vector.seedHex, let chains = vector.chains else { continue }
            let master = try ExtendedPrivateKey(seed: try hexBytes(seed))
            var previousPublic: ExtendedPublicKey?
            for chain in chains {
                total += 1
                let path = try #require(DerivationPath(chain.path), "path \(chain.path)")
                let privateKey = try master.derive(path)
                let publicKey = try privateKey.extendedPublicKey
                var ok = privateKey.encoded == chain.extPrv && publicKey.encoded == chain.extPub
                ok = try ok && ExtendedPublicKey(chain.extPub).encoded == chain.extPub
                ok = try ok && ExtendedPrivateKey(chain.extPrv).encoded == chain.extPrv
                if let last = path.components.last, !DerivationPath.isHardened(last), let parent = previousPublic {
                    ok = try ok && parent.derive(last).encoded == chain.extPub
                }
                #expect(ok, "\(vector.name) \(chain.path)")
                if ok { passed += 1 }
                previousPublic = publicKey
            }
        }
        reportVectorCount("BIP32 test vectors 1-4 (chains)", passed: passed, total: total)
        #expect(total == 17)
        #expect(passed == total)
    }

    /// Vector 5: every invalid extended key is refused, as a public or a private key.
    @Test func bipInvalidKeys() throws {
        let file = try SharedVectors.decode(BIPFile.self, from: "psbt/bips/bip32_test_vectors.json")
        let invalid = file.vectors.flatMap { $0.invalidExtendedKeys ?? [] }
        var refused = 0
        for key in invalid {
            let asPublic = try? ExtendedPublicKey(key.key)
            let asPrivate = try? ExtendedPrivateKey(key.key)
            #expect(asPublic == nil && asPrivate == nil, "accepted: \(key.reason)")
            if asPublic == nil && asPrivate == nil { refused += 1 }
        }
        reportVectorCount("BIP32 test vector 5 (invalid keys)", passed: refused, total: invalid.count)
        #expect(invalid.count == 16)
        #expect(refused == invalid.count)
    }

    struct HWIVector: Decodable {
        struct Derived: Decodable {
            let path: String
            let xpub: String
        }

        let xprv: String
        let xpub: String
        let vectors: [Derived]
    }

    /// HWI's bip32_vectors.json: xpubs at many paths below BIP39 test mnemonics' master keys.
    @Test func hwiVectors() throws {
        let wallets = try SharedVectors.decode([HWIVector].self, from: "psbt/hwi/bip32_vectors.json")
        var total = 0
        var passed = 0
        for wallet in wallets {
            let master = try ExtendedPrivateKey(wallet.xprv)
            #expect(try master.extendedPublicKey.encoded == wallet.xpub)
            let masterPublic = try ExtendedPublicKey(wallet.xpub)
            for vector in wallet.vectors {
                total += 1
                let path = try #require(DerivationPath(vector.path))
                var ok = try master.derive(path).extendedPublicKey.encoded == vector.xpub
                if !path.components.contains(where: DerivationPath.isHardened) {
                    ok = try ok && masterPublic.derive(path).encoded == vector.xpub
                }
                #expect(ok, "HWI \(vector.path)")
                if ok { passed += 1 }
            }
        }
        reportVectorCount("HWI bip32_vectors.json", passed: passed, total: total)
        #expect(total > 200)
        #expect(passed == total)
    }

    @Test func pathsAndOrigins() throws {
        let path = try #require(DerivationPath("m/48'/1h/0'/2h/0/7"))
        #expect(path.description == "48h/1h/0h/2h/0/7")
        #expect(DerivationPath("m/2147483648") == nil)
        #expect(DerivationPath("m/1H") == nil)
        #expect(DerivationPath("m/-1") == nil)
        #expect(DerivationPath("m//1") == nil)
        let origin = KeyOrigin(fingerprint: try #require(Fingerprint(hex: "d34db33f")), path: path)
        #expect(try KeyOrigin(serialized: origin.serialized[...]) == origin)
        #expect(throws: DecodingError.self) { try KeyOrigin(serialized: [1, 2, 3][...]) }
        #expect(throws: DecodingError.self) { try KeyOrigin(serialized: [][...]) }
        // Public derivation cannot go through a hardened step.
        let xpub = try ExtendedPublicKey(
            "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"
        )
        #expect(throws: BIP32Error.hardenedDerivationFromPublicKey) { try xpub.derive(DerivationPath.hardenedOffset) }
    }
}
