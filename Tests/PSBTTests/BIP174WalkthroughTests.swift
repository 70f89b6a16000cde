import Bitcoin
import BitcoinPSBT
import CustosCrypto
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

/// BIP174's test-vector walk-through: creator, updater, signers, combiner, finalizer and extractor, each step's
/// result compared byte for byte with the BIP.
@Suite("BIP174 role walk-through")
struct BIP174WalkthroughTests {
    struct Step: Decodable {
        struct Item: Decodable {
            let label: String?
            let value: String?
            let ttValues: [String]?

            enum CodingKeys: String, CodingKey {
                case label
                case value
                case ttValues = "tt_values"
            }
        }

        let role: String?
        let instruction: String
        let items: [Item]

        var base64: String? { items.first { $0.label == "Base64 String" }?.value }
        var hex: [String] { items.filter { $0.label == "Bytes in Hex" }.compactMap(\.value) }
    }

    struct File: Decodable {
        let roleTests: [Step]

        enum CodingKeys: String, CodingKey {
            case roleTests = "role_tests"
        }
    }

    private func steps() throws -> [Step] {
        try SharedVectors.decode(File.self, from: "psbt/bips/bip174_test_vectors.json").roleTests
    }

    @Test func walkthrough() throws {
        let steps = try steps()
        var passed = 0
        let master = try ExtendedPrivateKey(try #require(steps[0].items.first?.value))

        // Creator.
        let outputs = try steps[1].items.map { item -> TransactionOutput in
            let values = try #require(item.ttValues)
            let sats = try #require(Decimal(string: values[1])) * 100_000_000
            return TransactionOutput(
                value: Int64(truncating: sats as NSNumber), scriptPubKey: Script(try hexBytes(values[0])))
        }
        let inputs = try steps[2].items.map { item -> TransactionInput in
            let values = try #require(item.ttValues)
            let txid = try #require(TransactionID(hex: values[0]))
            return TransactionInput(previousOutput: OutPoint(txid: txid, index: try #require(UInt32(values[1]))))
        }
        var psbt = try PSBT(unsignedTransaction: Transaction(version: 2, inputs: inputs, outputs: outputs, lockTime: 0))
        #expect(psbt.base64 == steps[3].base64, "creator")
        if psbt.base64 == steps[3].base64 { passed += 1 }

        // Updater: previous transactions, redeem and witness scripts, key paths.
        let updater = steps[4].items
        let scripts = try updater.compactMap(\.ttValues).filter { $0.count == 1 }.map { Script(try hexBytes($0[0])) }
        let previous = try updater.filter { $0.label == nil || $0.label == "" }.compactMap(\.value)
            .map { try Transaction(serialized: try hexBytes($0)) }
        let keyPaths = try updater.filter { $0.label == "Key" }.compactMap(\.ttValues).map {
            (try PublicKey(bytes: try hexBytes($0[0])), try #require(DerivationPath($0[1])))
        }.sorted { $0.0.bytes.lexicographicallyPrecedes($1.0.bytes) }
        let fingerprint = try master.fingerprint
        let transaction = try psbt.unsignedTransaction()
        for index in psbt.inputs.indices {
            let outpoint = transaction.inputs[index].previousOutput
            let funding = try #require(previous.first { $0.txid == outpoint.txid })
            let spent = funding.outputs[Int(outpoint.index)]
            guard case .payToScriptHash(let hash) = OutputType(spent.scriptPubKey) else {
                Issue.record("updater: expected P2SH inputs")
                continue
            }
            let redeem = try #require(scripts.first { Hash160.hash($0.bytes) == hash })
            psbt.inputs[index].setRedeemScript(redeem)
            var signingScript = redeem
            if case .payToWitnessScriptHash(let witnessHash) = OutputType(redeem) {
                psbt.inputs[index].setWitnessUTXO(spent)
                let witness = try #require(scripts.first { SHA256.hash($0.bytes) == witnessHash })
                psbt.inputs[index].setWitnessScript(witness)
                signingScript = witness
            } else {
                psbt.inputs[index].setNonWitnessUTXO(funding)
            }
            let multisig = try #require(MultisigScript(signingScript))
            for (key, path) in keyPaths where multisig.publicKeys.contains(key.bytes) {
                psbt.inputs[index].addBIP32Derivation(
                    publicKey: key, origin: KeyOrigin(fingerprint: fingerprint, path: path))
            }
        }
        for index in psbt.outputs.indices {
            for (key, path) in keyPaths
            where OutputType(transaction.outputs[index].scriptPubKey) == .payToWitnessPubkeyHash(hash: key.hash160) {
                psbt.outputs[index].addBIP32Derivation(
                    publicKey: key, origin: KeyOrigin(fingerprint: fingerprint, path: path))
            }
        }
        #expect(psbt.base64 == steps[5].base64, "updater")
        if psbt.base64 == steps[5].base64 { passed += 1 }

        for index in psbt.inputs.indices { psbt.inputs[index].setSighashType(SighashType.all.rawValue) }
        #expect(psbt.base64 == steps[6].base64, "updater adding SIGHASH_ALL")
        if psbt.base64 == steps[6].base64 { passed += 1 }

        // Two signers, each with two of the keys.
        var signedCopies: [PSBT] = []
        for (step, expected) in [(steps[7], steps[8]), (steps[9], steps[10])] {
            let keys = try step.items.compactMap(\.ttValues).map { try #require(PrivateKeyWIF($0[0])).privateKey }
            var copy = psbt
            let count = try TestSigner(privateKeys: keys).sign(&copy)
            #expect(count == 2)
            #expect(copy.base64 == expected.base64, "signer: RFC 6979 signatures as in the BIP")
            if copy.base64 == expected.base64 { passed += 1 }
            signedCopies.append(copy)
        }

        let combined = try PSBTCombiner.combine(
            signedCopies.enumerated().map { NamedPSBT(name: "signer \($0.offset + 1)", psbt: $0.element) })
        #expect(combined.base64 == steps[11].base64, "combiner")
        if combined.base64 == steps[11].base64 { passed += 1 }

        let finalized = try PSBTFinalizer.finalize(combined)
        #expect(finalized.base64 == steps[12].base64, "finalizer")
        if finalized.base64 == steps[12].base64 { passed += 1 }

        let extracted = try PSBTExtractor.extract(finalized)
        #expect(extracted.serialized().hexString == steps[13].hex.first, "extractor")
        if extracted.serialized().hexString == steps[13].hex.first { passed += 1 }

        // Combining unknown key-value pairs: the BIP's lexicographic order is also what appending gives here.
        let unknownSources = try steps[14].items.filter { $0.label == "Base64 String" }.compactMap(\.value).enumerated()
            .map { NamedPSBT(name: "unknown \($0.offset)", psbt: try PSBT(base64: $0.element)) }
        let unknownCombined = try PSBTCombiner.combine(unknownSources)
        #expect(unknownCombined.base64 == steps[15].base64, "combiner with unknown pairs")
        if unknownCombined.base64 == steps[15].base64 { passed += 1 }

        reportVectorCount("BIP174 role walk-through steps", passed: passed, total: 9)
        #expect(passed == 9)
    }

    /// BIP174's four "fails signer checks" PSBTs are valid PSBTs that Custos must refuse to sign, verify or
    /// finalize, naming the problem.
    @Test func failsSignerChecks() throws {
        struct Case: Decodable {
            let description: String
            let psbtBase64: String
            let expected: String?

            enum CodingKeys: String, CodingKey {
                case description
                case psbtBase64 = "psbt_base64"
                case expected
            }
        }
        struct Cases: Decodable { let cases: [Case] }
        let cases = try SharedVectors.decode(Cases.self, from: "psbt/bips/bip174_test_vectors.json").cases
            .filter { $0.expected != nil }
        var passed = 0
        for vector in cases {
            let psbt = try PSBT(base64: vector.psbtBase64)
            let transaction = try psbt.unsignedTransaction()
            var problems: [SignatureFailure.Reason] = []
            for index in psbt.inputs.indices {
                do {
                    _ = try InputSpend(psbt: psbt, index: index, transaction: transaction)
                } catch {
                    problems.append(error)
                }
            }
            #expect(!problems.isEmpty, "\(vector.description)")
            #expect(throws: PSBTRoleError.self) { try PSBTFinalizer.finalize(psbt) }
            if !problems.isEmpty { passed += 1 }
        }
        reportVectorCount("BIP174 fails-signer-checks (refused)", passed: passed, total: cases.count)
        #expect(cases.count == 4 && passed == cases.count)
    }
}
