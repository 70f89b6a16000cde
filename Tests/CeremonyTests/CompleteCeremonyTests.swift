import Bitcoin
import CustosCrypto
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

/// Whole ceremonies through the built `custos`: plan with the policy and the audit log, cosigners sign their own
/// copies with test keys, status, combine, finalize, extract, audit verify. Bitcoin Core's script interpreter
/// (py-bitcoinkernel, all flags) must accept every input, and the fee rate reached with the real signatures must be
/// within 1 sat/vB of the request.
@Suite("complete migration ceremonies through custos, judged by Bitcoin Core's interpreter")
struct CompleteCeremonyTests {
    struct Ceremony: Sendable, CustomStringConvertible {
        let kind: TestWallet.Kind
        let threshold: Int
        let keyCount: Int
        let version: UInt32
        let inputs: Int
        let feeRate: String
        let withPrevTx: Bool

        var description: String {
            "\(kind) \(threshold)-of-\(keyCount) PSBTv\(version) \(inputs) input\(inputs == 1 ? "" : "s") @\(feeRate)"
        }
    }

    static let ceremonies: [Ceremony] = [
        Ceremony(
            kind: .wshSortedMulti, threshold: 2, keyCount: 3, version: 0, inputs: 1, feeRate: "12", withPrevTx: true),
        Ceremony(
            kind: .wshSortedMulti, threshold: 2, keyCount: 3, version: 2, inputs: 500, feeRate: "7.5", withPrevTx: false
        ),
        Ceremony(
            kind: .shWshSortedMulti, threshold: 3, keyCount: 5, version: 2, inputs: 4, feeRate: "25", withPrevTx: true),
        Ceremony(
            kind: .shWshSortedMulti, threshold: 3, keyCount: 5, version: 0, inputs: 1, feeRate: "3", withPrevTx: false),
        Ceremony(
            kind: .trSortedMultiA, threshold: 2, keyCount: 3, version: 0, inputs: 3, feeRate: "40", withPrevTx: false),
        Ceremony(
            kind: .trSortedMultiA, threshold: 2, keyCount: 3, version: 2, inputs: 500, feeRate: "2", withPrevTx: false),
        Ceremony(
            kind: .shSortedMulti, threshold: 2, keyCount: 3, version: 0, inputs: 2, feeRate: "10", withPrevTx: true),
    ]

    @Test(arguments: ceremonies)
    func ceremony(_ ceremony: Ceremony) throws {
        let fixture = try SweepFixture(
            kind: ceremony.kind, threshold: ceremony.threshold, keyCount: ceremony.keyCount, count: ceremony.inputs)
        let folder = try CeremonyFolder()
        try fixture.writeInputs(to: folder, withPrevTx: ceremony.withPrevTx)
        try folder.write("policy.json", try fixture.policy())
        let log = folder.path("audit.log")

        let plan = try CustosBinary.run([
            "migrate", "plan", "--descriptor", folder.path("descriptor.txt"), "--utxos", folder.path("utxos.json"),
            "--to", SweepFixture.destination, "--fee-rate", ceremony.feeRate, "--policy", folder.path("policy.json"),
            "--psbt-version", String(ceremony.version), "-o", folder.path("sweep.psbt"), "--audit-log", log,
        ])
        try #require(plan.status == 0, "plan: \(plan.standardError)")
        #expect(plan.standardOutput.contains("1 transaction"))

        // The last `threshold` cosigners sign their own copies (the first key is the one that does not sign).
        var copies: [String] = []
        for signer in (ceremony.keyCount - ceremony.threshold)..<ceremony.keyCount {
            let copy = folder.path("cosigner-\(signer).psbt")
            try fixture.sign(folder.path("sweep.psbt"), by: signer, into: copy)
            copies.append(copy)
        }

        let status = try CustosBinary.run(["migrate", "status", folder.path("sweep.psbt"), copies[0], "--json"])
        #expect(status.status == 0, "status: \(status.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any]
        #expect(document?["same_transaction"] as? Bool == true)
        let transaction = (document?["transactions"] as? [[String: Any]])?.first
        let inputs = transaction?["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.count == ceremony.inputs)
        #expect(inputs.allSatisfy { $0["missing_count"] as? Int == ceremony.threshold - 1 })
        #expect(transaction?["complete"] as? Bool == false)

        let combined = folder.path("combined.psbt")
        let combine = try CustosBinary.run(
            ["psbt", "combine"] + copies + ["-o", combined, "--policy", folder.path("policy.json"), "--audit-log", log])
        try #require(combine.status == 0, "combine: \(combine.standardError)")
        let finalized = folder.path("final.psbt")
        let finalize = try CustosBinary.run(["psbt", "finalize", combined, "-o", finalized, "--audit-log", log])
        try #require(finalize.status == 0, "finalize: \(finalize.standardError)")
        let extract = try CustosBinary.run([
            "psbt", "extract", finalized, "--policy", folder.path("policy.json"), "--audit-log", log,
        ])
        try #require(extract.status == 0, "extract: \(extract.standardError)")
        let hex = extract.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)

        let verdict = try fixture.kernelVerdict(hex)
        #expect(verdict.inputs.count == ceremony.inputs)
        for input in verdict.inputs where !input.valid {
            Issue.record("\(ceremony): input \(input.index) refused by Bitcoin Core: \(input.error ?? "")")
        }
        let signed = try Transaction(serialized: try hexBytes(hex))
        #expect(verdict.txid == signed.txid.description)
        #expect(signed.outputs.count == 1)
        #expect(
            try Address(scriptPubKey: signed.outputs[0].scriptPubKey, network: .regtest).description
                == SweepFixture.destination)
        #expect(signed.inputs.allSatisfy { $0.sequence == 0xffff_fffd })

        // The fee rate reached with the real signatures: never below the request, at most 1 sat/vB above it.
        let spent = try fixture.spentOutputs(of: signed)
        let fee = spent.reduce(Int64(0)) { $0 + $1.value } - signed.outputs[0].value
        let achieved = Double(fee) / Double(signed.virtualSize)
        let requested = try #require(Double(ceremony.feeRate))
        #expect(achieved >= requested && achieved <= requested + 1, "\(ceremony): \(achieved) sat/vB")

        let audit = try CustosBinary.run(["audit", "verify", log])
        #expect(audit.status == 0, "audit: \(audit.standardError)")
        #expect(audit.standardOutput.contains("OK: 4 entries"))
        for action in ["plan", "combine", "finalize", "extract"] { #expect(audit.standardOutput.contains(action)) }
        #expect(audit.standardOutput.contains(signed.txid.description))
        reportVectorCount(
            "kernel oracle, ceremony \(ceremony)", passed: verdict.inputs.filter(\.valid).count,
            total: ceremony.inputs)
    }
}
