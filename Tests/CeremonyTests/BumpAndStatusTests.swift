import Bitcoin
import BitcoinPSBT
import Ceremony
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

/// `custos migrate status` across files, and `custos migrate bump` for a fee race.
@Suite("migrate status and bump through custos")
struct BumpAndStatusTests {
    static func json(_ outcome: CustosBinary.Outcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
    }

    @Test func statusFollowsTheCeremony() throws {
        let fixture = try SweepFixture(kind: .trSortedMultiA, count: 3)
        let run = try CeremonyRun(fixture)
        #expect(try run.plan().status == 0)
        let copies = try run.sign(by: [0, 2])
        let plain = try CustosBinary.run(["migrate", "status", run.path("sweep.psbt"), copies[0]])
        #expect(plain.status == 0)
        #expect(plain.standardOutput.contains("\(fixture.fingerprints[0])  signed all 3 inputs"))
        #expect(plain.standardOutput.contains("\(fixture.fingerprints[1])  has not signed"))
        #expect(plain.standardOutput.contains("3 signatures still missing"))
        #expect(plain.standardOutput.contains("all 2 files describe the same transaction"))
        let both = try Self.json(try CustosBinary.run(["migrate", "status", "--json"] + copies))
        let transaction = try #require((both["transactions"] as? [[String: Any]])?.first)
        #expect(transaction["complete"] as? Bool == true)
        let inputs = transaction["inputs"] as? [[String: Any]] ?? []
        #expect(
            inputs.allSatisfy {
                Set($0["signed"] as? [String] ?? []) == [fixture.fingerprints[0], fixture.fingerprints[2]]
            })
        #expect(inputs.allSatisfy { ($0["missing_count"] as? Int) == 0 })
        // The finalized PSBT: signers read back from the final scripts.
        _ = try run.complete(copies)
        let final = try CustosBinary.run(["migrate", "status", run.path("final.psbt")])
        #expect(final.status == 0, "\(final.standardError)")
        #expect(final.standardOutput.contains("finalized; signed by"))
        #expect(final.standardOutput.contains("ready to extract"))
    }

    @Test func statusOfDifferentTransactionsFails() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let run = try CeremonyRun(fixture)
        #expect(try run.plan().status == 0)
        #expect(try run.plan(feeRate: "11", output: "other.psbt").status == 0)
        let status = try CustosBinary.run(["migrate", "status", run.path("sweep.psbt"), run.path("other.psbt")])
        #expect(status.status == 1)
        #expect(status.standardOutput.contains("2 DIFFERENT transactions"))
        #expect(status.standardError.contains("cannot be combined"))
    }

    @Test func bumpNeedsNewSignaturesAndCompletes() throws {
        let fixture = try SweepFixture(kind: .shWshSortedMulti, threshold: 2, keyCount: 3, count: 3)
        let run = try CeremonyRun(fixture)
        #expect(try run.plan(feeRate: "5").status == 0)
        let early = try run.sign(by: [0])
        // Too small a step: BIP125 wants at least 1 sat/vB more.
        let small = try CustosBinary.run([
            "migrate", "bump", early[0], "--fee-rate", "5.5", "-o", run.path("bump.psbt"),
        ])
        #expect(small.status == 1)
        #expect(small.standardError.contains("BIP125 rule 4"))
        let bump = try CustosBinary.run([
            "migrate", "bump", early[0], "--fee-rate", "30", "-o", run.path("bump.psbt"), "--audit-log",
            run.path("audit.log"),
        ])
        #expect(bump.status == 0, "\(bump.standardError)")
        #expect(bump.standardOutput.contains("Every cosigner must sign this new PSBT"))
        let status = try CustosBinary.run(["migrate", "status", run.path("bump.psbt")])
        #expect(status.standardOutput.contains("REPLACEMENT (fee bump)"))
        let document = try Self.json(try CustosBinary.run(["migrate", "status", run.path("bump.psbt"), "--json"]))
        let transaction = try #require((document["transactions"] as? [[String: Any]])?.first)
        #expect(transaction["needs_new_signatures"] as? Bool == true)
        let original = try Transaction(
            serialized: try #require(
                try PSBTDecoder().decodedTransaction(run.path("sweep.psbt"))))
        #expect(transaction["replaces"] as? String == original.txid.description)
        // Mixed with the original's copy: two transactions, and the original named.
        let mixed = try CustosBinary.run(["migrate", "status", early[0], run.path("bump.psbt")])
        #expect(mixed.status == 1)
        #expect(mixed.standardOutput.contains("the original is also given"))
        // The old signature does not carry over; the bump completes with fresh ones and Core accepts it.
        let hex = try run.complete(try run.sign("bump.psbt", by: [1, 2]))
        let verdict = try fixture.kernelVerdict(hex)
        #expect(verdict.allValid)
        let signed = try Transaction(serialized: try hexBytes(hex))
        let spent = try fixture.spentOutputs(of: signed)
        let fee = spent.reduce(Int64(0)) { $0 + $1.value } - signed.outputs[0].value
        let rate = Double(fee) / Double(signed.virtualSize)
        #expect(rate >= 30 && rate <= 31, "\(rate)")
        #expect(signed.inputs.map(\.previousOutput) == original.inputs.map(\.previousOutput))
        // A finalized PSBT cannot be bumped.
        let finalized = try CustosBinary.run(["migrate", "bump", run.path("final.psbt"), "--fee-rate", "60"])
        #expect(finalized.status == 1)
        #expect(finalized.standardError.contains("finalized inputs"))
    }

    @Test func bumpStaysWithinThePolicy() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let run = try CeremonyRun(fixture, policy: try fixture.policy(maximumFeeRate: 40))
        #expect(try run.plan(["--policy", run.path("policy.json")]).status == 0)
        let bump = try CustosBinary.run([
            "migrate", "bump", run.path("sweep.psbt"), "--fee-rate", "45", "--policy", run.path("policy.json"),
        ])
        PolicyRefusalTests.expectRefusal(bump, rule: "max_fee_rate_sat_vb")
    }
}

extension PSBTDecoder {
    /// The unsigned transaction's bytes of a PSBT file (test helper).
    func decodedTransaction(_ path: String) throws -> [UInt8]? {
        var decoder = self
        let psbt = try decoder.decode(detecting: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        return try psbt.unsignedTransaction().serialized()
    }
}
