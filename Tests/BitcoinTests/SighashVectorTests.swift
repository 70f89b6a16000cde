import Bitcoin
import CustosCrypto
import CustosTestSupport
import Foundation
import Secp256k1
import Testing

@Suite("signature hashes against Bitcoin Core, BIP143 and BIP341")
struct SighashVectorTests {
    /// Bitcoin Core's sighash.json: 500 random transactions, scripts and hash types for the legacy algorithm.
    @Test func coreLegacySighashVectors() throws {
        guard let rows = try SharedVectors.json("psbt/bitcoin-core/sighash.json") as? [[Any]] else {
            throw TestDataError("sighash.json is not an array of arrays")
        }
        var total = 0
        var passed = 0
        for row in rows where row.count == 5 {
            guard let txHex = row[0] as? String, let scriptHex = row[1] as? String,
                let inputIndex = row[2] as? Int, let hashType = row[3] as? Int, let expected = row[4] as? String
            else { throw TestDataError("malformed sighash row \(row)") }
            total += 1
            let transaction = try Transaction(serialized: try hexBytes(txHex))
            let hasher = try SignatureHasher(transaction: transaction)
            let digest = hasher.legacy(
                inputIndex: inputIndex, scriptCode: Script(try hexBytes(scriptHex)),
                hashType: UInt32(bitPattern: Int32(truncatingIfNeeded: hashType)))
            // Core prints uint256 values byte-reversed.
            let shown = Array(digest.reversed()).hexString
            #expect(shown == expected, "sighash.json row \(total)")
            if shown == expected { passed += 1 }
        }
        reportVectorCount("Bitcoin Core sighash.json (legacy)", passed: passed, total: total)
        #expect(total == 500)
        #expect(passed == total)
    }

    /// BIP143's six worked examples: every sigHash recomputed from the example's transaction, with the outpoint,
    /// script code, amount and hash type read from the BIP's preimage.
    @Test func bip143Examples() throws {
        let file = try SharedVectors.decode(BIP143File.self, from: "psbt/bips/bip143_examples.json")
        var total = 0
        var passed = 0
        var otherTransaction = 0
        for example in file.examples {
            let transaction = try Transaction(serialized: try hexBytes(example.unsignedTx))
            let hasher = try SignatureHasher(transaction: transaction)
            let signed = try Transaction(serialized: try hexBytes(example.signedTx))
            #expect(signed.serialized().hexString == example.signedTx, "\(example.title): signed tx round trip")
            for sighashCase in example.sighashCases {
                total += 1
                var reader = ByteReader(try hexBytes(sighashCase.preimage))
                _ = try reader.readBytes(4 + 32 + 32, "version and hashes")
                let outpoint = try reader.readBytes(36, "outpoint")
                let scriptCode = Script(try reader.readVarBytes("script code"))
                let amount = try reader.readInt64("amount")
                _ = try reader.readBytes(4 + 32 + 4, "sequence, hashOutputs, lock time")
                let hashType = try reader.readUInt32("hash type")
                guard
                    let inputIndex = transaction.inputs.firstIndex(where: {
                        $0.previousOutput.txid.bytes + le32($0.previousOutput.index) == outpoint
                    })
                else {
                    // The BIP's second "No FindAndDelete" signature is for a transaction it does not print.
                    otherTransaction += 1
                    continue
                }
                // Some BIP lines annotate the script code; compare when it is plain hex.
                if let given = sighashCase.scriptCode.flatMap({ [UInt8](hex: $0) }) {
                    var codeReader = ByteReader(given)
                    #expect(try codeReader.readVarBytes("script code") == scriptCode.bytes)
                }
                let digest = try hasher.segwitV0(
                    inputIndex: inputIndex, scriptCode: scriptCode, amount: amount, hashType: hashType)
                #expect(digest.hexString == sighashCase.sigHash, "\(example.title) hash type \(hashType)")
                if digest.hexString == sighashCase.sigHash { passed += 1 }
            }
        }
        reportVectorCount("BIP143 examples (sigHash cases)", passed: passed, total: total - otherTransaction)
        #expect(total == 14)
        #expect(otherTransaction == 1)
        #expect(passed == total - otherTransaction)
    }

    /// BIP341 wallet vectors, key-path spending: the shared midstates, each input's sighash and signature.
    @Test func bip341KeyPathSpending() throws {
        let file = try SharedVectors.decode(BIP341File.self, from: "psbt/bips/bip-0341-wallet-test-vectors.json")
        var total = 0
        var passed = 0
        for spending in file.keyPathSpending {
            let transaction = try Transaction(serialized: try hexBytes(spending.given.rawUnsignedTx))
            let spent = try spending.given.utxosSpent.map {
                TransactionOutput(value: $0.amountSats, scriptPubKey: Script(try hexBytes($0.scriptPubKey)))
            }
            let hasher = try SignatureHasher(transaction: transaction, spentOutputs: spent)
            let midstate = hasher.taprootMidstate
            #expect(midstate.prevouts.hexString == spending.intermediary.hashPrevouts)
            #expect(midstate.amounts?.hexString == spending.intermediary.hashAmounts)
            #expect(midstate.scriptPubKeys?.hexString == spending.intermediary.hashScriptPubkeys)
            #expect(midstate.sequences.hexString == spending.intermediary.hashSequences)
            #expect(midstate.outputs.hexString == spending.intermediary.hashOutputs)
            for input in spending.inputSpending {
                total += 1
                let digest = try hasher.taproot(inputIndex: input.given.txinIndex, hashType: input.given.hashType)
                let key = try Secp256k1PrivateKey(bytes: try hexBytes(input.given.internalPrivkey))
                let merkleRoot = try input.given.merkleRoot.map(hexBytes)
                let tweaked = try key.taprootTweaked(merkleRoot: merkleRoot)
                let signature = try tweaked.signSchnorr(
                    message: digest, auxiliaryRandomness: [UInt8](repeating: 0, count: 32))
                let suffix: [UInt8] = input.given.hashType == 0 ? [] : [UInt8(input.given.hashType)]
                let matches =
                    digest.hexString == input.intermediary.sigHash
                    && tweaked.rawRepresentation.hexString == input.intermediary.tweakedPrivkey
                    && (signature + suffix).hexString == input.expected.witness.first
                #expect(matches, "BIP341 key-path input \(input.given.txinIndex)")
                if matches { passed += 1 }
            }
        }
        reportVectorCount("BIP341 wallet vectors (key-path spending)", passed: passed, total: total)
        #expect(total == 7)
        #expect(passed == total)
    }

    /// BIP341 wallet vectors, scriptPubKey section: script trees, merkle roots, output keys, addresses and control
    /// blocks built by TaprootTree.
    @Test func bip341ScriptTrees() throws {
        let file = try SharedVectors.decode(BIP341File.self, from: "psbt/bips/bip-0341-wallet-test-vectors.json")
        var passed = 0
        for vector in file.scriptPubKey {
            let internalKey = try XOnlyPublicKey(bytes: try hexBytes(vector.given.internalPubkey))
            var ok = true
            if let tree = vector.given.scriptTree {
                let leaves = try tree.flatten(depth: 0)
                let built = try TaprootTree(leaves: leaves)
                ok = ok && built.merkleRoot.hexString == vector.intermediary.merkleRoot
                let (output, _) = try internalKey.taprootOutputKey(merkleRoot: built.merkleRoot)
                ok = ok && output.bytes.hexString == vector.intermediary.tweakedPubkey
                let controls = try (0..<built.leaves.count).map {
                    try built.controlBlock(for: $0, internalKey: internalKey).hexString
                }
                // The vector lists control blocks by leaf id; flatten keeps ids in depth-first order.
                let expectedControls = vector.expected.scriptPathControlBlocks ?? []
                ok = ok && controls == expectedControls
                for (leafIndex, control) in controls.enumerated() {
                    let block = try #require(ControlBlock(try hexBytes(control)))
                    ok = ok && block.commits(leaf: built.leaves[leafIndex].leaf, toOutputKey: output.bytes)
                }
                ok = ok && vector.intermediary.leafHashes == built.leaves.map { $0.leaf.hash.hexString }
            } else {
                let (output, _) = try internalKey.taprootOutputKey(merkleRoot: nil)
                ok = ok && output.bytes.hexString == vector.intermediary.tweakedPubkey
            }
            let script = Script(try hexBytes(vector.expected.scriptPubKey))
            let address = try Address(scriptPubKey: script, network: .mainnet)
            ok = ok && address.description == vector.expected.bip350Address
            #expect(ok, "BIP341 scriptPubKey vector \(vector.expected.bip350Address)")
            if ok { passed += 1 }
        }
        reportVectorCount("BIP341 wallet vectors (scriptPubKey)", passed: passed, total: file.scriptPubKey.count)
        #expect(file.scriptPubKey.count == 7)
        #expect(passed == file.scriptPubKey.count)
    }

    @Test func taprootRefusesUndefinedHashTypesAndMissingOutputs() throws {
        let transaction = Transaction(
            inputs: [TransactionInput(previousOutput: OutPoint(txid: .zero, index: 0))],
            outputs: [TransactionOutput(value: 1000, scriptPubKey: Script([0x51]))])
        let withoutSpent = try SignatureHasher(transaction: transaction)
        #expect(throws: SighashError.spentOutputsRequired) { try withoutSpent.taproot(inputIndex: 0, hashType: 0) }
        let spent = [TransactionOutput(value: 2000, scriptPubKey: Script([0x51]))]
        let hasher = try SignatureHasher(transaction: transaction, spentOutputs: spent)
        #expect(throws: SighashError.undefinedHashType(4)) { try hasher.taproot(inputIndex: 0, hashType: 4) }
        #expect(throws: SighashError.undefinedHashType(0x84)) { try hasher.taproot(inputIndex: 0, hashType: 0x84) }
        #expect(throws: SighashError.inputIndexOutOfRange(1)) { try hasher.taproot(inputIndex: 1, hashType: 0) }
        #expect(throws: SighashError.spentOutputCountMismatch(inputs: 1, spentOutputs: 0)) {
            try SignatureHasher(transaction: transaction, spentOutputs: [])
        }
        // ANYONECANPAY needs only this input's spent output, DEFAULT needs them all.
        #expect(try hasher.taproot(inputIndex: 0, hashType: 0x81).count == 32)
    }

    private func le32(_ value: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendUInt32(value)
        return bytes
    }
}

struct BIP143File: Decodable {
    struct Example: Decodable {
        let title: String
        let unsignedTx: String
        let signedTx: String
        let sighashCases: [SighashCase]

        enum CodingKeys: String, CodingKey {
            case title
            case unsignedTx = "unsigned_tx"
            case signedTx = "signed_tx"
            case sighashCases = "sighash_cases"
        }
    }

    struct SighashCase: Decodable {
        let sigHash: String
        let scriptCode: String?
        let preimage: String
    }

    let examples: [Example]
}

struct BIP341File: Decodable {
    struct Spent: Decodable {
        let scriptPubKey: String
        let amountSats: Int64
    }

    struct KeyPathSpending: Decodable {
        struct Given: Decodable {
            let rawUnsignedTx: String
            let utxosSpent: [Spent]
        }

        struct Intermediary: Decodable {
            let hashAmounts: String
            let hashOutputs: String
            let hashPrevouts: String
            let hashScriptPubkeys: String
            let hashSequences: String
        }

        struct InputSpending: Decodable {
            struct Given: Decodable {
                let txinIndex: Int
                let internalPrivkey: String
                let merkleRoot: String?
                let hashType: UInt32
            }

            struct Intermediary: Decodable {
                let tweakedPrivkey: String
                let sigHash: String
            }

            struct Expected: Decodable {
                let witness: [String]
            }

            let given: Given
            let intermediary: Intermediary
            let expected: Expected
        }

        let given: Given
        let intermediary: Intermediary
        let inputSpending: [InputSpending]
    }

    struct ScriptPubKeyVector: Decodable {
        struct Given: Decodable {
            let internalPubkey: String
            let scriptTree: ScriptTree?
        }

        struct Intermediary: Decodable {
            let leafHashes: [String]?
            let merkleRoot: String?
            let tweakedPubkey: String
        }

        struct Expected: Decodable {
            let scriptPubKey: String
            let bip350Address: String
            let scriptPathControlBlocks: [String]?
        }

        let given: Given
        let intermediary: Intermediary
        let expected: Expected
    }

    /// A leaf object or a two-element array of subtrees.
    indirect enum ScriptTree: Decodable {
        case leaf(id: Int, script: String, version: UInt8)
        case branch([ScriptTree])

        struct Leaf: Decodable {
            let id: Int
            let script: String
            let leafVersion: UInt8
        }

        init(from decoder: any Decoder) throws {
            if let leaf = try? Leaf(from: decoder) {
                self = .leaf(id: leaf.id, script: leaf.script, version: leaf.leafVersion)
            } else {
                self = .branch(try [ScriptTree](from: decoder))
            }
        }

        /// (depth, leaf) in depth-first order, as TaprootTree takes them.
        func flatten(depth: Int) throws -> [(depth: Int, leaf: TapLeaf)] {
            switch self {
            case .leaf(_, let script, let version):
                return [(depth, TapLeaf(script: Script(try hexBytes(script)), version: version))]
            case .branch(let children):
                return try children.flatMap { try $0.flatten(depth: depth + 1) }
            }
        }
    }

    let keyPathSpending: [KeyPathSpending]
    let scriptPubKey: [ScriptPubKeyVector]
}
