import Bitcoin
import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

/// The README's emergency-migration walkthrough runs exactly as written (bash, from the repository root, with the
/// built `custos` first on PATH), and ends in a transaction Bitcoin Core's interpreter accepts and an intact
/// audit log.
@Suite("README emergency-migration walkthrough")
struct WalkthroughTests {
    /// The shell code of the walkthrough: every ```sh block between the README's walkthrough markers.
    static func script() throws -> String {
        let readme = try String(
            contentsOf: PackagePaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let begin = readme.range(of: "<!-- walkthrough:begin -->"),
            let end = readme.range(of: "<!-- walkthrough:end -->"), begin.upperBound < end.lowerBound
        else { throw TestDataError("README.md has no walkthrough markers") }
        var blocks: [String] = []
        var current: [Substring]?
        for line in readme[begin.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```sh") {
                current = []
            } else if line.hasPrefix("```") {
                if let current { blocks.append(current.joined(separator: "\n")) }
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks.joined(separator: "\n")
    }

    @Test func walkthroughRunsAsWritten() throws {
        let script = try Self.script()
        #expect(script.contains("custos migrate plan") && script.contains("custos audit verify"))
        let folder = try CeremonyFolder()
        let path =
            CustosBinary.productsDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let outcome = try CustosBinary.run(
            ["-e", "-u", "-o", "pipefail", "-c", script], executable: URL(fileURLWithPath: "/bin/bash"),
            environment: ["PATH": path, "TMPDIR": folder.url.path, "HOME": folder.url.path],
            currentDirectory: PackagePaths.root)
        #expect(outcome.status == 0, "walkthrough failed: \(outcome.standardError)")
        // The ceremony's folder is the one mktemp made in TMPDIR.
        let made = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix("tmp.") }
        let ceremony = folder.url.appendingPathComponent(try #require(made.first)).path

        // The plan is the bundled one, byte for byte (so the bundled cosigner copies sign it).
        let plan = try Data(contentsOf: URL(fileURLWithPath: ceremony + "/sweep.psbt"))
        let bundled = try Data(
            contentsOf: PackagePaths.root.appendingPathComponent("Vectors/ceremony/demo/sweep.psbt"))
        #expect(plan == bundled)
        #expect(outcome.standardOutput.contains("Name: demo-vault"))
        #expect(outcome.standardOutput.contains("REPLACEMENT (fee bump)"))
        #expect(outcome.standardOutput.contains("OK: 5 entries, chain intact"))
        // Every logged step enforced the policy, and the log says which one: the file's SHA-256.
        let policyHash = SHA256.hash(
            Array(try Data(contentsOf: PackagePaths.root.appendingPathComponent("Vectors/ceremony/demo/policy.json")))
        ).hexString
        #expect(outcome.standardOutput.components(separatedBy: "policy sha256 \(policyHash)").count == 6)
        #expect(outcome.standardOutput.contains("\(policyHash)  Vectors/ceremony/demo/policy.json"))
        #expect(!outcome.standardError.contains("warning:"), "\(outcome.standardError)")

        let hex = try String(contentsOfFile: ceremony + "/sweep.hex", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let transaction = try Transaction(serialized: try hexBytes(hex))
        let utxos =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: PackagePaths.root.appendingPathComponent("Vectors/ceremony/demo/utxos.json")))
            as? [[String: Any]] ?? []
        let spent = try transaction.inputs.map { input -> (String, Int64) in
            guard
                let utxo = utxos.first(where: {
                    $0["txid"] as? String == input.previousOutput.txid.description
                        && $0["vout"] as? Int == Int(input.previousOutput.index)
                }), let previous = utxo["prev_tx"] as? String
            else { throw TestDataError("input \(input.previousOutput) is not a demo UTXO") }
            let funding = try Transaction(serialized: try hexBytes(previous))
            let output = funding.outputs[Int(input.previousOutput.index)]
            return (output.scriptPubKey.bytes.hexString, output.value)
        }
        let verdict = try KernelOracle.verify(transactionHex: hex, spentOutputs: spent)
        #expect(verdict.allValid && verdict.inputs.count == 3)
        reportVectorCount("kernel oracle, README walkthrough", passed: verdict.inputs.filter(\.valid).count, total: 3)
    }
}
