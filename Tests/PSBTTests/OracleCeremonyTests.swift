import Bitcoin
import BitcoinPSBT
import CustosCrypto
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

/// End to end through the built `custos` binary: cosigners of 2-of-3 and 3-of-5 wallets of every script type sign
/// their own copies; `custos psbt combine`, `finalize` and `extract` produce a transaction; Bitcoin Core's script
/// interpreter (py-bitcoinkernel, all verification flags) must accept every input.
@Suite("multisig ceremonies through custos, judged by Bitcoin Core's interpreter")
struct OracleCeremonyTests {
    struct Ceremony: Sendable, CustomStringConvertible {
        let kind: TestWallet.Kind
        let threshold: Int
        let keyCount: Int
        let version: UInt32
        let inputs: Int

        var description: String { "\(kind) \(threshold)-of-\(keyCount) PSBTv\(version)" }
    }

    static let ceremonies: [Ceremony] = TestWallet.Kind.allCases.flatMap { kind in
        [(2, 3), (3, 5)].flatMap { threshold, keys in
            [UInt32(0), 2].map { Ceremony(kind: kind, threshold: threshold, keyCount: keys, version: $0, inputs: 3) }
        }
    }

    @Test(arguments: ceremonies)
    func ceremony(_ ceremony: Ceremony) throws {
        let wallet = try TestWallet(kind: ceremony.kind, threshold: ceremony.threshold, keyCount: ceremony.keyCount)
        let spend = try wallet.sweep(
            inputCount: ceremony.inputs, version: ceremony.version,
            withNonWitnessUTXO: ceremony.kind == .wshSortedMulti)
        let folder = try TemporaryFolder()
        // The last `threshold` cosigners sign (so the first key's signature is the one missing).
        var files: [String] = []
        for signer in (ceremony.keyCount - ceremony.threshold)..<ceremony.keyCount {
            let copy = try wallet.signedCopy(of: spend.psbt, by: signer)
            files.append(try folder.write("cosigner-\(signer).psbt", copy.serialized()))
        }
        let combined = folder.path("combined.psbt")
        let combine = try CustosBinary.run(["psbt", "combine"] + files + ["-o", combined])
        #expect(combine.status == 0, "combine: \(combine.standardError)")

        let inspect = try CustosBinary.run(["psbt", "inspect", combined, "--json", "--network", "regtest"])
        #expect(inspect.status == 0, "inspect: \(inspect.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(inspect.standardOutput.utf8)) as? [String: Any]
        let inputs = document?["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.count == ceremony.inputs)
        #expect(inputs.allSatisfy { ($0["signatures"] as? [String])?.count == ceremony.threshold })
        #expect(inputs.allSatisfy { $0["required"] as? Int == ceremony.threshold && $0["finalized"] as? Bool == false })
        #expect(document?["version"] as? Int == Int(ceremony.version))

        let finalized = folder.path("final.psbt")
        let finalize = try CustosBinary.run(["psbt", "finalize", combined, "-o", finalized])
        #expect(finalize.status == 0, "finalize: \(finalize.standardError)")
        let extract = try CustosBinary.run(["psbt", "extract", finalized])
        #expect(extract.status == 0, "extract: \(extract.standardError)")
        let hex = extract.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)

        let verdict = try KernelOracle.verify(transactionHex: hex, spentOutputs: spend.spentOutputs)
        #expect(verdict.inputs.count == ceremony.inputs)
        for input in verdict.inputs {
            #expect(input.valid, "\(ceremony): input \(input.index) refused by Bitcoin Core: \(input.error ?? "")")
        }
        let transaction = try Transaction(serialized: try hexBytes(hex))
        #expect(verdict.txid == transaction.txid.description)
        if [.wshMulti, .wshSortedMulti, .trMultiA, .trSortedMultiA].contains(ceremony.kind) {
            // Native segwit: signatures live in the witness, so the txid is the unsigned transaction's.
            #expect(transaction.txid == (try spend.psbt.unsignedTransaction()).txid)
        }
        let valid = verdict.inputs.filter(\.valid).count
        reportVectorCount("kernel oracle \(ceremony)", passed: valid, total: ceremony.inputs)
    }

    /// One signature short: finalize refuses, naming each input and the cosigners that have not signed.
    @Test(arguments: [TestWallet.Kind.wshSortedMulti, .trSortedMultiA, .shMulti])
    func finalizeNamesMissingSigners(_ kind: TestWallet.Kind) throws {
        let wallet = try TestWallet(kind: kind, threshold: 3, keyCount: 5)
        let spend = try wallet.sweep(inputCount: 2, version: 2)
        let folder = try TemporaryFolder()
        let files = try (0..<2).map {
            try folder.write("c\($0).psbt", try wallet.signedCopy(of: spend.psbt, by: $0).serialized())
        }
        let combined = folder.path("combined.psbt")
        #expect(try CustosBinary.run(["psbt", "combine"] + files + ["-o", combined]).status == 0)
        let finalize = try CustosBinary.run(["psbt", "finalize", combined, "-o", folder.path("final.psbt")])
        #expect(finalize.status == 1)
        #expect(finalize.standardError.contains("input 0: 2 of 3 required signatures"))
        #expect(finalize.standardError.contains("input 1: 2 of 3 required signatures"))
        // The three cosigners who have not signed are named by fingerprint.
        for master in wallet.masters[2...] {
            #expect(finalize.standardError.contains(try master.fingerprint.description))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("final.psbt")))
        let extract = try CustosBinary.run(["psbt", "extract", combined])
        #expect(extract.status == 1)
        #expect(extract.standardError.contains("not finalized: inputs 0, 1"))
    }
}

/// A temporary folder removed when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("custos-psbt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
