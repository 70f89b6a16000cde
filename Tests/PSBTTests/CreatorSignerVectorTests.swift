import Bitcoin
import BitcoinPSBT
import CustosCrypto
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

@Suite("creator and signer vectors of Bitcoin Core and HWI, and mutation robustness")
struct CreatorSignerVectorTests {
    /// Core's and HWI's creator cases: inputs and outputs (regtest addresses, BTC amounts) give the same PSBT.
    @Test func creatorVectors() throws {
        var total = 0
        var passed = 0
        for file in ["psbt/bitcoin-core/rpc_psbt.json", "psbt/hwi/test_psbt.json"] {
            let object = try SharedVectors.json(file) as? [String: Any]
            for vector in object?["creator"] as? [[String: Any]] ?? [] {
                total += 1
                let inputs = try (vector["inputs"] as? [[String: Any]] ?? []).map { item -> TransactionInput in
                    let txid = try #require(TransactionID(hex: item["txid"] as? String ?? ""))
                    return TransactionInput(
                        previousOutput: OutPoint(txid: txid, index: UInt32(item["vout"] as? Int ?? -1)))
                }
                let outputs = try (vector["outputs"] as? [[String: Any]] ?? []).flatMap { item in
                    try item.map { address, amount -> TransactionOutput in
                        let bitcoin = try #require((amount as? NSNumber)?.decimalValue)
                        let satoshis = NSDecimalNumber(decimal: bitcoin * 100_000_000).int64Value
                        return TransactionOutput(
                            value: satoshis, scriptPubKey: try Address(address, network: .regtest).scriptPubKey)
                    }
                }
                let version = UInt32(vector["version"] as? Int ?? 0)
                let psbt = try PSBT(
                    unsignedTransaction: Transaction(version: 2, inputs: inputs, outputs: outputs), version: version)
                #expect(psbt.base64 == vector["result"] as? String, "\(file) creator")
                if psbt.base64 == vector["result"] as? String { passed += 1 }
            }
        }
        reportVectorCount("Core + HWI creator", passed: passed, total: total)
        #expect(total == 2 && passed == total)
    }

    /// Core's and HWI's signer cases, signed by PSBTTestKit's RFC 6979 signer: every signature it adds verifies and,
    /// but where Core ground its nonce for a low R, equals Core's byte for byte; inputs Core refuses to sign stay
    /// unsigned. Where the input file's records are not in Core's canonical order, Core's result reorders them and
    /// Custos keeps them in place.
    @Test func signerVectors() throws {
        var total = 0
        var identical = 0
        var reordered = 0
        var lowR = 0
        var verified = 0
        for file in ["psbt/bitcoin-core/rpc_psbt.json", "psbt/hwi/test_psbt.json"] {
            let object = try SharedVectors.json(file) as? [String: Any]
            for vector in object?["signer"] as? [[String: Any]] ?? [] {
                total += 1
                let keys = try (vector["privkeys"] as? [String] ?? []).map {
                    try #require(PrivateKeyWIF($0)).privateKey
                }
                var psbt = try PSBT(base64: vector["psbt"] as? String ?? "")
                _ = try TestSigner(privateKeys: keys).sign(&psbt)
                let report = try PartialSignatureVerifier().verify(psbt)
                // Inputs whose scripts do not match their UTXO are left unsigned (as by Core); every signature
                // present must verify.
                let badSignatures = report.failures.filter { !$0.publicKey.isEmpty }
                if badSignatures.isEmpty { verified += 1 }
                #expect(badSignatures.isEmpty, "\(badSignatures)")
                if psbt.base64 == vector["result"] as? String {
                    identical += 1
                } else {
                    // The same records, signatures included (RFC 6979 nonces, as Core's), in another order: Core
                    // rewrites maps in its canonical order, Custos keeps the order the file had.
                    let core = try PSBT(base64: vector["result"] as? String ?? "")
                    let sameRecords =
                        core.inputs.count == psbt.inputs.count
                        && zip(core.inputs, psbt.inputs).allSatisfy { Set($0.map.records) == Set($1.map.records) }
                        && Set(core.global.map.records) == Set(psbt.global.map.records)
                        && zip(core.outputs, psbt.outputs).allSatisfy { Set($0.map.records) == Set($1.map.records) }
                    if sameRecords {
                        reordered += 1
                        continue
                    }
                    // Otherwise only a signature may differ: Core grinds ECDSA nonces until R is below 2^255 (a
                    // byte shorter), RFC 6979 alone does not. Core's signature must verify, for the same key.
                    let coreReport = try PartialSignatureVerifier().verify(core)
                    let onlySignatures = zip(core.inputs, psbt.inputs).allSatisfy { coreInput, ourInput in
                        let coreRest = Set(
                            coreInput.map.records.filter { $0.type != PSBTKeyType.Input.partialSignature })
                        let ourRest = Set(ourInput.map.records.filter { $0.type != PSBTKeyType.Input.partialSignature })
                        return coreRest == ourRest
                            && Set(coreInput.partialSignatures.map(\.publicKey))
                                == Set(ourInput.partialSignatures.map(\.publicKey))
                    }
                    let grindingOnly =
                        onlySignatures && coreReport.failures.isEmpty
                        && coreReport.verifiedCount == report.verifiedCount
                    #expect(grindingOnly, "same records as Core's result but for Core's low-R signatures")
                    if grindingOnly { lowR += 1 }
                }
            }
        }
        reportVectorCount("Core + HWI signer (our signatures verify)", passed: verified, total: total)
        reportVectorCount(
            "Core + HWI signer (\(identical) byte-identical, \(reordered) same records in the file's order, "
                + "\(lowR) with a low-R signature of Core's that also verifies)",
            passed: identical + reordered + lowR, total: total)
        #expect(verified == total)
        #expect(total == 8 && identical + reordered + lowR == total && lowR <= 1)
    }

    /// 20,000 deterministic byte mutations of valid PSBTs: each is refused with a decoding error or decodes and
    /// re-serializes to the same bytes; inspection, combination with itself and finalization never crash.
    @Test func mutatedPSBTsNeverCrash() throws {
        let object = try SharedVectors.json("psbt/bitcoin-core/rpc_psbt.json") as? [String: Any]
        let seeds = try (object?["valid"] as? [String] ?? []).map { try #require(Base64.decode(Array($0.utf8))) }
        var generator = SplitMix64(seed: 0xC057_05)
        var decoded = 0
        var refused = 0
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: position)
                default: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: position)
                }
            }
            guard let psbt = try? PSBT(serialized: bytes) else {
                refused += 1
                continue
            }
            decoded += 1
            #expect(psbt.serialized() == bytes)
            _ = try? PSBTInspection(psbt, network: .regtest)
            _ = try? PSBTCombiner.combine([NamedPSBT(name: "a", psbt: psbt), NamedPSBT(name: "b", psbt: psbt)])
            _ = try? PSBTFinalizer.finalize(psbt)
            _ = try? PSBTVersionConverter.convert(psbt, to: psbt.version == 0 ? 2 : 0)
        }
        #expect(decoded + refused == 20_000)
        #expect(refused > 10_000)
    }
}

/// A small deterministic generator (SplitMix64) so the mutations are the same on every run.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var value = state
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }
}
