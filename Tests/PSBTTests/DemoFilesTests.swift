import Bitcoin
import BitcoinPSBT
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

/// The bundled demo (Vectors/psbt/demo) is reproducible: regenerated here from fixed test seeds and deterministic
/// (RFC 6979) signatures, it must equal the committed files byte for byte. Set CUSTOS_REGENERATE_DEMO=1 to rewrite
/// them after a deliberate change.
@Suite("bundled PSBT demo files")
struct DemoFilesTests {
    static let folder = PackagePaths.root.appendingPathComponent("Vectors/psbt/demo")

    /// The demo wallet: 2-of-3 wsh(sortedmulti) on regtest, sweeping two outputs to a P2WPKH address.
    static func generate() throws -> [String: String] {
        let wallet = try TestWallet(kind: .wshSortedMulti, threshold: 2, keyCount: 3, seed: 77)
        let spend = try wallet.sweep(inputCount: 2, version: 0, feeRate: 12, amount: 2_500_000)
        let cosignerA = try wallet.signedCopy(of: spend.psbt, by: 0)
        let cosignerC = try wallet.signedCopy(of: spend.psbt, by: 2)
        return [
            "descriptor.txt": wallet.descriptor.description + "\n",
            "unsigned.psbt": spend.psbt.base64 + "\n",
            "cosigner-a.psbt": cosignerA.base64 + "\n",
            "cosigner-c.psbt": cosignerC.base64 + "\n",
            "funding-transaction.hex": spend.funding.serialized().hexString + "\n",
        ]
    }

    @Test func demoFilesAreReproducible() throws {
        let files = try Self.generate()
        if ProcessInfo.processInfo.environment["CUSTOS_REGENERATE_DEMO"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            for (name, contents) in files {
                try Data(contents.utf8).write(to: Self.folder.appendingPathComponent(name))
            }
        }
        for (name, contents) in files {
            let bundled = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            #expect(bundled == contents, "Vectors/psbt/demo/\(name) differs from its generator")
        }
    }

    /// The demo's combine → finalize → extract gives a transaction Bitcoin Core's interpreter accepts.
    @Test func demoTransactionIsValid() throws {
        let folder = try TemporaryFolder()
        let combined = folder.path("combined.psbt")
        let cosigners = ["cosigner-a.psbt", "cosigner-c.psbt"].map { Self.folder.appendingPathComponent($0).path }
        #expect(try CustosBinary.run(["psbt", "combine"] + cosigners + ["-o", combined]).status == 0)
        let finalized = folder.path("final.psbt")
        #expect(try CustosBinary.run(["psbt", "finalize", combined, "-o", finalized]).status == 0)
        let extract = try CustosBinary.run(["psbt", "extract", finalized])
        #expect(extract.status == 0)
        let funding = try Transaction(
            serialized: try hexBytes(
                try String(contentsOf: Self.folder.appendingPathComponent("funding-transaction.hex"), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
        let verdict = try KernelOracle.verify(
            transactionHex: extract.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines),
            spentOutputs: funding.outputs)
        #expect(verdict.inputs.count == 2 && verdict.inputs.allSatisfy(\.valid))
    }
}
