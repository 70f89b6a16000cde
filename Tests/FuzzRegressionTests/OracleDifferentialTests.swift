import Bitcoin
import BitcoinPSBT
import CustosCrypto
import CustosSupport
import CustosTestSupport
import Foundation
import Secp256k1
import TUF
import Testing

/// The corpora of the Bitcoin and TUF fuzz targets (seeds, regressions and, with `CUSTOS_FUZZ_CORPUS=.fuzz/corpus`,
/// what a fuzzing run grew) judged by independent implementations: Bitcoin Core's transaction deserializer
/// (libbitcoinkernel), embit's PSBT parser and descriptor checksums, and securesystemslib's canonical JSON.
/// Whatever Custos accepts, they must read the same way.
@Suite("Fuzz corpora against Bitcoin Core, securesystemslib and embit")
struct OracleDifferentialTests {
    /// Every transaction Custos decodes, Bitcoin Core decodes to the same txid; where Core decodes and Custos
    /// refuses, Custos's reason is the bytes left after the transaction (which libbitcoinkernel ignores). Also the
    /// unsigned transactions and previous transactions of every PSBT in the PSBT corpora.
    @Test func transactionsDecodeAsBitcoinCoreDecodesThem() throws {
        var inputs = try CorpusInputs.load("transaction-decode")
        for psbtBytes in try CorpusInputs.load("psbt-decode")
            + CorpusInputs.load("psbt-combine").map({ Array($0.dropFirst(2)) })
        {
            guard let psbt = try? PSBT(serialized: psbtBytes) else { continue }
            if let transaction = try? psbt.unsignedTransaction() { inputs.append(transaction.serialized()) }
            inputs += psbt.inputs.compactMap { $0.nonWitnessUTXO?.serialized() }
        }
        inputs = Array(Set(inputs))
        let verdicts = try Oracle.run("transaction", inputs)
        var compared = 0
        for (input, verdict) in zip(inputs, verdicts) {
            let core = verdict["txid"] as? String
            do {
                let transaction = try Transaction(serialized: input)
                #expect(core == transaction.txid.description, "Core \(verdict) for \(input.prefix(40).hexString)…")
                compared += 1
            } catch {
                guard core != nil else { continue }
                var isTrailing = false
                if case .trailingBytes = error { isTrailing = true }
                #expect(
                    isTrailing, "Core decodes \(input.prefix(40).hexString)… (txid \(core ?? "")), Custos: \(error)")
            }
        }
        #expect(compared >= 100)
        reportVectorCount("transactions Custos decodes, vs Bitcoin Core", passed: compared, total: inputs.count)
    }

    /// Every binary PSBT Custos accepts, embit (an independent BIP 174/370 implementation) parses too. Except two
    /// known embit differences, where Custos follows Bitcoin Core: embit reads an unsigned transaction with no inputs
    /// as a segwit marker, where Core reads it without witness data (Core's rpc_psbt.json lists such a PSBT as
    /// valid); and embit refuses a taproot x-only key that is not on the curve (internal key, BIP 32 derivation,
    /// script signature), where Core's psbt.h reads the 32 bytes unchecked (such a key never verifies a signature).
    @Test func psbtsCustosAcceptsEmbitParsesToo() throws {
        let accepted = try
            (CorpusInputs.load("psbt-decode") + CorpusInputs.load("psbt-combine").map { Array($0.dropFirst(2)) })
            .filter { $0.starts(with: PSBT.magic) }
            .compactMap { bytes in (try? PSBT(serialized: bytes)).map { (bytes, $0) } }
        var seen = Set<[UInt8]>()
        let compared = accepted.filter { bytes, psbt in
            guard seen.insert(bytes).inserted else { return false }
            return (try? psbt.unsignedTransaction())?.inputs.isEmpty == false
        }
        let verdicts = try Oracle.run("psbt", compared.map(\.0))
        var offCurve = 0
        for ((bytes, psbt), verdict) in zip(compared, verdicts) where verdict["serialized"] == nil {
            if verdict["error"] as? String == "ECError: Failed parsing public key", Self.hasOffCurveXOnlyKey(psbt) {
                offCurve += 1
                continue
            }
            Issue.record("embit refuses \(bytes.prefix(40).hexString)…: \(verdict)")
        }
        #expect(compared.count >= 50)
        reportVectorCount(
            "PSBTs Custos accepts, parsed by embit (off-curve taproot keys, which only embit refuses: \(offCurve))",
            passed: compared.count - offCurve, total: compared.count)
    }

    /// True when a taproot x-only key field (BIP 371) holds 32 bytes that are no point's x coordinate.
    static func hasOffCurveXOnlyKey(_ psbt: PSBT) -> Bool {
        let inputKeys = psbt.inputs.flatMap { input in
            input.map.all(PSBTKeyType.Input.tapScriptSignature).map { Array($0.keyData.prefix(32)) }
                + input.map.all(PSBTKeyType.Input.tapBIP32Derivation).map { Array($0.keyData) }
                + input.map.all(PSBTKeyType.Input.tapInternalKey).map { Array($0.value) }
        }
        let outputKeys = psbt.outputs.flatMap { output in
            output.map.all(PSBTKeyType.Output.tapBIP32Derivation).map { Array($0.keyData) }
                + output.map.all(PSBTKeyType.Output.tapInternalKey).map { Array($0.value) }
        }
        return (inputKeys + outputKeys).contains { (try? XOnlyPublicKey(bytes: $0)) == nil }
    }

    /// The bytes every TUF signature is checked over are securesystemslib's canonical JSON of `signed`.
    @Test func signedCanonicalBytesAreSecuresystemslibs() throws {
        let inputs = try CorpusInputs.load("tuf-metadata").filter { (try? SignedEnvelope(bytes: $0, role: "x")) != nil }
        let verdicts = try Oracle.run("canonical-signed", inputs)
        for (input, verdict) in zip(inputs, verdicts) {
            let envelope = try SignedEnvelope(bytes: input, role: "x")
            #expect(
                verdict["canonical"] as? String == envelope.canonicalSigned.hexString,
                "securesystemslib \(verdict["error"] ?? "writes other bytes") for \(input.prefix(60).hexString)…")
        }
        #expect(inputs.count >= 20)
        reportVectorCount("TUF signed bytes vs securesystemslib", passed: inputs.count, total: inputs.count)
    }

    /// Every JSON document Custos parses and can write canonically, securesystemslib writes the same way.
    @Test func canonicalJSONIsSecuresystemslibs() throws {
        let inputs = try CorpusInputs.load("canonical-json").filter { bytes in
            (try? JSONParser.parse(bytes)).flatMap { try? CanonicalJSON.encode($0) } != nil
        }
        let verdicts = try Oracle.run("canonical", inputs)
        for (input, verdict) in zip(inputs, verdicts) {
            let ours = try CanonicalJSON.encode(try JSONParser.parse(input))
            #expect(
                verdict["canonical"] as? String == ours.hexString,
                "securesystemslib \(verdict["error"] ?? "writes other bytes") for \(input.prefix(60).hexString)…")
        }
        #expect(inputs.count >= 20)
        reportVectorCount("canonical JSON vs securesystemslib", passed: inputs.count, total: inputs.count)
    }

    /// Every descriptor Custos accepts carries the checksum embit computes.
    @Test func descriptorChecksumsAreEmbits() throws {
        let descriptors = try CorpusInputs.load("descriptor-parse").compactMap { bytes in
            (try? Descriptor(String(decoding: bytes, as: UTF8.self))).map(\.description)
        }
        let verdicts = try Oracle.run("descriptor-checksum", descriptors.map { Array($0.utf8) })
        for (descriptor, verdict) in zip(descriptors, verdicts) {
            #expect(
                descriptor.hasSuffix("#" + (verdict["checksum"] as? String ?? "?")),
                "embit \(verdict) for \(descriptor)")
        }
        #expect(descriptors.count >= 50)
        reportVectorCount("descriptor checksums vs embit", passed: descriptors.count, total: descriptors.count)
    }
}

/// The inputs of one fuzz target: its seeds, its regression files and, when `CUSTOS_FUZZ_CORPUS` names a folder,
/// the corpus a fuzzing run grew there.
enum CorpusInputs {
    static func load(_ target: String) throws -> [[UInt8]] {
        var folders = [
            try SeedCorpus.shared.get().appendingPathComponent(target),
            FuzzRegressionTests.regressions.appendingPathComponent(target),
        ]
        if let corpus = ProcessInfo.processInfo.environment["CUSTOS_FUZZ_CORPUS"] {
            folders.append(URL(fileURLWithPath: corpus).appendingPathComponent(target))
        }
        return try folders.flatMap(FuzzRegressionTests.files(in:)).compactMap {
            FileManager.default.contents(atPath: $0.path).map { [UInt8]($0) }
        }
    }
}

/// Tests/FuzzRegressionTests/Oracles/oracle_verdicts.py, one verdict per input.
enum Oracle {
    static func run(_ kind: String, _ inputs: [[UInt8]]) throws -> [[String: Any]] {
        let request = try JSONSerialization.data(withJSONObject: ["kind": kind, "inputs": inputs.map(\.hexString)])
        let outcome = try PythonOracle.run(
            script: "Tests/FuzzRegressionTests/Oracles/oracle_verdicts.py", [], standardInput: request)
        guard outcome.status == 0,
            let answer = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any],
            let results = answer["results"] as? [[String: Any]], results.count == inputs.count
        else { throw TestDataError("oracle \(kind) failed: \(outcome.standardError)") }
        return results
    }
}
