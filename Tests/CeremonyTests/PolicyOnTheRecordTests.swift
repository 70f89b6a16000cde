import Bitcoin
import BitcoinPSBT
import CustosCrypto
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

/// The migration policy is never silently absent: every step that takes one warns when run without it, every audit
/// entry records the policy's SHA-256 (or `"policy": null`) and the loosening flags, and the signers a policy counts
/// pass the same hash-type rule as everywhere else (one verification, reused).
@Suite("the migration policy on the record")
struct PolicyOnTheRecordTests {
    static func entries(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func warnings(_ outcome: CustosBinary.Outcome) -> [String] {
        outcome.standardError.split(separator: "\n").map(String.init).filter { $0.hasPrefix("warning:") }
    }

    /// The copies of `file` signed by `signers` with hash type `hashType`.
    static func sign(
        _ run: CeremonyRun, _ file: String, by signers: [Int], hashType: UInt32
    ) throws -> [String] {
        var decoder = PSBTDecoder()
        let psbt = try decoder.decode(detecting: Array(try Data(contentsOf: URL(fileURLWithPath: run.path(file)))))
        return try signers.map { index in
            var copy = psbt
            var signer = try TestSigner(masters: [run.fixture.wallet.masters[index]])
            signer.hashType = hashType
            try signer.sign(&copy)
            let path = run.path("signed-\(hashType)-\(index).psbt")
            try Data(copy.serialized()).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    @Test func everyStepWithoutAPolicyWarnsAndRecordsNull() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let run = try CeremonyRun(fixture)
        let log = run.path("audit.log")
        let plan = try run.plan(["--audit-log", log])
        #expect(plan.status == 0, "\(plan.standardError)")
        let copies = try run.sign(by: [0, 1])
        let steps: [(String, CustosBinary.Outcome, [String])] = [
            ("plan", plan, ["destination", "fee caps"]),
            (
                "combine",
                try CustosBinary.run(
                    ["psbt", "combine"] + copies + ["-o", run.path("combined.psbt"), "--audit-log", log]),
                ["destinations", "fee caps", "required cosigner"]
            ),
            (
                "finalize",
                try CustosBinary.run(
                    ["psbt", "finalize", run.path("combined.psbt"), "-o", run.path("final.psbt"), "--audit-log", log]),
                ["destinations", "fee caps", "quorum"]
            ),
            (
                "extract", try CustosBinary.run(["psbt", "extract", run.path("final.psbt"), "--audit-log", log]),
                ["destinations", "fee caps", "quorum"]
            ),
            (
                "bump",
                try CustosBinary.run(
                    [
                        "migrate", "bump", run.path("sweep.psbt"), "--fee-rate", "30", "-o", run.path("bump.psbt"),
                        "--audit-log", log,
                    ]),
                ["fee caps"]
            ),
        ]
        for (step, outcome, words) in steps {
            #expect(outcome.status == 0, "\(step): \(outcome.standardError)")
            let warnings = Self.warnings(outcome)
            #expect(warnings.count == 1, "\(step): \(outcome.standardError)")
            let warning = warnings.first ?? ""
            #expect(warning.contains("\(step) without a migration policy"), "\(warning)")
            for word in words { #expect(warning.contains(word), "\(step): \(warning)") }
        }
        let entries = try Self.entries(log)
        #expect(entries.map { $0["action"] as? String } == ["plan", "combine", "finalize", "extract", "bump"])
        for entry in entries {
            #expect(entry["policy"] is NSNull, "\(entry)")
            #expect((entry["flags"] as? [String]) == [])
        }
        // The raw line says so explicitly.
        #expect(try String(contentsOfFile: log, encoding: .utf8).components(separatedBy: #""policy":null"#).count == 6)
    }

    @Test func everyStepWithAPolicyRecordsItsHashAndFlags() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let run = try CeremonyRun(fixture, policy: try fixture.policy())
        let policy = run.path("policy.json")
        let policyHash = SHA256.hash(Array(try Data(contentsOf: URL(fileURLWithPath: policy)))).hexString
        let log = run.path("audit.log")
        let outcomes = [
            try run.plan(["--policy", policy, "--audit-log", log]),
            try CustosBinary.run(
                ["psbt", "combine"] + (try run.sign(by: [0, 1]))
                    + ["-o", run.path("combined.psbt"), "--policy", policy, "--allow-sighash", "--audit-log", log]),
            try CustosBinary.run(
                [
                    "psbt", "finalize", run.path("combined.psbt"), "-o", run.path("final.psbt"), "--policy", policy,
                    "--audit-log", log,
                ]),
            try CustosBinary.run(
                ["psbt", "extract", run.path("final.psbt"), "--policy", policy, "--allow-high-fee", "--audit-log", log]
            ),
            try CustosBinary.run(
                [
                    "migrate", "bump", run.path("sweep.psbt"), "--fee-rate", "30", "-o", run.path("bump.psbt"),
                    "--policy", policy, "--audit-log", log,
                ]),
        ]
        for outcome in outcomes {
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(Self.warnings(outcome).isEmpty, "\(outcome.standardError)")
        }
        let entries = try Self.entries(log)
        try #require(entries.count == 5)
        for entry in entries {
            let record = entry["policy"] as? [String: Any]
            #expect(record?["sha256"] as? String == policyHash, "\(entry)")
            #expect(record?["source"] as? String == policy)
            #expect(record?["manifest_root_version"] == nil)
        }
        #expect(
            entries.map { $0["flags"] as? [String] ?? ["?"] } == [
                [], ["--allow-sighash"], [], ["--allow-high-fee"], [],
            ])
        #expect(entries[3]["signers"] as? [String] == Array(fixture.fingerprints.prefix(2)).sorted())
    }

    /// `psbt finalize --policy` refuses a finalized PSBT outside the policy, writing nothing.
    @Test func finalizeEnforcesThePolicy() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let run = try CeremonyRun(fixture, policy: try fixture.policy(destinations: [SweepFixture.otherAddress]))
        #expect(try run.plan().status == 0)
        let combine = try CustosBinary.run(
            ["psbt", "combine"] + (try run.sign(by: [0, 1])) + ["-o", run.path("c.psbt")])
        #expect(combine.status == 0, "\(combine.standardError)")
        let finalize = try CustosBinary.run(
            ["psbt", "finalize", run.path("c.psbt"), "-o", run.path("final.psbt"), "--policy", run.path("policy.json")])
        PolicyRefusalTests.expectRefusal(finalize, rule: "allowed_destinations")
        #expect(!run.folder.exists("final.psbt"))
        // Signatures from a cosigner the policy does not require, read back from the final scripts: refused.
        try run.folder.write(
            "narrow.json", try fixture.policy(required: [fixture.fingerprints[0], fixture.fingerprints[2]]))
        let narrow = try CustosBinary.run(
            ["psbt", "finalize", run.path("c.psbt"), "-o", run.path("final.psbt"), "--policy", run.path("narrow.json")])
        PolicyRefusalTests.expectRefusal(narrow, rule: "required_cosigners")
        try run.folder.write("good.json", try fixture.policy())
        let good = try CustosBinary.run(
            ["psbt", "finalize", run.path("c.psbt"), "-o", run.path("final.psbt"), "--policy", run.path("good.json")])
        #expect(good.status == 0, "\(good.standardError)")
    }

    /// Signers read back from final scripts pass the ALL/DEFAULT rule like partial signatures: a SIGHASH_NONE spend
    /// does not show a quorum unless --allow-sighash, and with it the same verification counts the signers (the
    /// policy path does not verify again with default rules).
    @Test func policySignersFollowTheHashTypeRule() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let run = try CeremonyRun(fixture, policy: try fixture.policy())
        let policy = run.path("policy.json")
        #expect(try run.plan().status == 0)
        let copies = try Self.sign(run, "sweep.psbt", by: [0, 1], hashType: SighashType.none.rawValue)
        let log = run.path("audit.log")
        let combine = try CustosBinary.run(
            ["psbt", "combine"] + copies
                + ["-o", run.path("c.psbt"), "--allow-sighash", "--policy", policy, "--audit-log", log])
        #expect(combine.status == 0, "\(combine.standardError)")
        let finalize = try CustosBinary.run(
            ["psbt", "finalize", run.path("c.psbt"), "-o", run.path("final.psbt"), "--allow-sighash"])
        #expect(finalize.status == 0, "\(finalize.standardError)")
        let strict = try CustosBinary.run(["psbt", "extract", run.path("final.psbt"), "--policy", policy])
        #expect(strict.status == 1)
        #expect(strict.standardError.contains("sighash type NONE is not allowed"), "\(strict.standardError)")
        let allowed = try CustosBinary.run(
            ["psbt", "extract", run.path("final.psbt"), "--policy", policy, "--allow-sighash", "--audit-log", log])
        #expect(allowed.status == 0, "\(allowed.standardError)")
        let signers = Array(fixture.fingerprints.prefix(2)).sorted()
        let entries = try Self.entries(log)
        #expect(entries.map { $0["signers"] as? [String] ?? [] } == [signers, signers])
        #expect(entries.map { $0["flags"] as? [String] ?? [] } == [["--allow-sighash"], ["--allow-sighash"]])
        #expect(try fixture.kernelVerdict(allowed.standardOutput.trimmingCharacters(in: .newlines)).allValid)
    }
}
