import Bitcoin
import CustosCrypto
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

/// Every refusal of the migration policy, through the built `custos`: exit 1, the rule named on stderr, and no
/// output written.
@Suite("migration policy refusals through custos")
struct PolicyRefusalTests {
    static func expectRefusal(
        _ outcome: CustosBinary.Outcome, rule: String, _ words: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(outcome.status == 1, "\(outcome.standardError)", sourceLocation: sourceLocation)
        #expect(
            outcome.standardError.contains("(rule \(rule))"), "expected rule \(rule): \(outcome.standardError)",
            sourceLocation: sourceLocation)
        for word in words {
            #expect(
                outcome.standardError.contains(word), "\(word): \(outcome.standardError)",
                sourceLocation: sourceLocation)
        }
    }

    @Test func planRefusesADestinationOutsideThePolicy() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let run = try CeremonyRun(fixture, policy: try fixture.policy())
        let plan = try run.plan(["--policy", run.path("policy.json")], to: SweepFixture.otherAddress)
        Self.expectRefusal(plan, rule: "allowed_destinations", [SweepFixture.otherAddress])
        #expect(!run.folder.exists("sweep.psbt"))
    }

    @Test func planRefusesFeesOverTheCaps() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let run = try CeremonyRun(fixture, policy: try fixture.policy(maximumFeeRate: 20, maximumFee: 2_000))
        // 15 sat/vB is under the rate cap, but 15 × 243 vB is over the 2,000 sat cap.
        Self.expectRefusal(
            try run.plan(["--policy", run.path("policy.json")], feeRate: "15"), rule: "max_fee_sat",
            ["above the maximum of 2000 sat"])
        Self.expectRefusal(
            try run.plan(["--policy", run.path("policy.json")], feeRate: "25"), rule: "max_fee_sat")
        try run.folder.write("policy.json", try fixture.policy(maximumFeeRate: 20))
        Self.expectRefusal(
            try run.plan(["--policy", run.path("policy.json")], feeRate: "25"), rule: "max_fee_rate_sat_vb",
            ["above the maximum of 20 sat/vB"])
        // At the cap itself the highest rate the signatures can give (71-byte ones) still counts.
        Self.expectRefusal(
            try run.plan(["--policy", run.path("policy.json")], feeRate: "20"), rule: "max_fee_rate_sat_vb")
        #expect(try run.plan(["--policy", run.path("policy.json")], feeRate: "19").status == 0)
    }

    /// A descriptor on the allow list admits any address it derives (each branch, ranged up to index 1,000).
    @Test func descriptorDestinationsAllowTheAddressesTheyDerive() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let safe = try TestWallet(kind: .trSortedMultiA, threshold: 2, keyCount: 3, seed: 99)
        func address(_ index: UInt32, change: Bool) throws -> String {
            let script = try safe.descriptor.expand(index: index, multipathIndex: change ? 1 : 0).scriptPubKey
            return try Address(scriptPubKey: script, network: .regtest).description
        }
        let run = try CeremonyRun(fixture, policy: try fixture.policy(destinations: [safe.descriptor.description]))
        #expect(try run.plan(["--policy", run.path("policy.json")], to: try address(7, change: false)).status == 0)
        #expect(try run.plan(["--policy", run.path("policy.json")], to: try address(999, change: true)).status == 0)
        Self.expectRefusal(
            try run.plan(["--policy", run.path("policy.json")], to: try address(1_000, change: false)),
            rule: "allowed_destinations")
        Self.expectRefusal(
            try run.plan(["--policy", run.path("policy.json")], to: SweepFixture.destination),
            rule: "allowed_destinations")
    }

    @Test func expiredPolicyIsRefusedAtEveryStep() throws {
        let fixture = try SweepFixture(kind: .trSortedMultiA, count: 2)
        let run = try CeremonyRun(fixture, policy: try fixture.policy(expires: "2020-01-01T00:00:00Z"))
        Self.expectRefusal(
            try run.plan(["--policy", run.path("policy.json")]), rule: "expires", ["2020-01-01T00:00:00Z"])
        // A ceremony made without the policy: combine and extract still refuse under the expired one.
        #expect(try run.plan().status == 0)
        let copies = try run.sign(by: [0, 1])
        let combine = try CustosBinary.run(
            ["psbt", "combine"] + copies + ["-o", run.path("combined.psbt"), "--policy", run.path("policy.json")])
        Self.expectRefusal(combine, rule: "expires")
        #expect(!run.folder.exists("combined.psbt"))
        _ = try run.complete(copies)
        Self.expectRefusal(
            try CustosBinary.run(["psbt", "extract", run.path("final.psbt"), "--policy", run.path("policy.json")]),
            rule: "expires")
    }

    @Test func policyMustFitTheWallet() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 1)
        let stranger = "0badc0de"
        var run = try CeremonyRun(fixture, policy: try fixture.policy(required: [fixture.fingerprints[0], stranger]))
        Self.expectRefusal(
            try run.plan(["--policy", run.path("policy.json")]), rule: "required_cosigners", [stranger])
        run = try CeremonyRun(fixture, policy: try fixture.policy(quorum: 3))
        Self.expectRefusal(try run.plan(["--policy", run.path("policy.json")]), rule: "quorum", ["takes only 2"])
        // A testnet policy with a regtest destination.
        let testnet = try fixture.policy(destinations: ["tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"])
            .replacingOccurrences(of: "\"regtest\"", with: "\"testnet\"")
        run = try CeremonyRun(fixture, policy: testnet)
        Self.expectRefusal(try run.plan(["--policy", run.path("policy.json")]), rule: "network")
    }

    /// Cosigner B is not required: a combine with B's copy is refused, naming B's fingerprint.
    @Test func combineRefusesASignatureFromACosignerThePolicyDoesNotRequire() throws {
        let fixture = try SweepFixture(kind: .shWshSortedMulti, count: 3)
        let fingerprints = fixture.fingerprints
        let run = try CeremonyRun(
            fixture, policy: try fixture.policy(required: [fingerprints[0], fingerprints[2]], quorum: 2))
        #expect(try run.plan(["--policy", run.path("policy.json")]).status == 0)
        let copies = try run.sign(by: [0, 1])
        let combine = try CustosBinary.run(
            ["psbt", "combine"] + copies + ["-o", run.path("combined.psbt"), "--policy", run.path("policy.json")])
        Self.expectRefusal(combine, rule: "required_cosigners", [fingerprints[1], "input 0"])
        #expect(!run.folder.exists("combined.psbt"))
        // With the required cosigners A and C the same combine passes.
        let good = try run.sign(by: [0, 2])
        #expect(
            try CustosBinary.run(
                ["psbt", "combine"] + good + ["-o", run.path("combined.psbt"), "--policy", run.path("policy.json")]
            ).status == 0)
    }

    /// Extract reads the signers back from the final scripts: a transaction made without the policy is refused
    /// when its signers are not a quorum of the required cosigners, or it pays elsewhere.
    @Test(arguments: [TestWallet.Kind.wshSortedMulti, .shSortedMulti, .trSortedMultiA, .shWshSortedMulti])
    func extractChecksSignersQuorumAndDestination(_ kind: TestWallet.Kind) throws {
        let fixture = try SweepFixture(kind: kind, count: 3)
        let fingerprints = fixture.fingerprints
        let run = try CeremonyRun(fixture)
        #expect(try run.plan(to: SweepFixture.otherAddress).status == 0)
        _ = try run.complete(try run.sign(by: [0, 2]))
        func extract(_ policy: String) throws -> CustosBinary.Outcome {
            try run.folder.write("policy.json", policy)
            return try CustosBinary.run([
                "psbt", "extract", run.path("final.psbt"), "--policy", run.path("policy.json"),
            ])
        }
        let allowed = [SweepFixture.otherAddress]
        // Signed by A and C; B is not required.
        #expect(
            try extract(try fixture.policy(destinations: allowed, required: [fingerprints[0], fingerprints[2]])).status
                == 0)
        Self.expectRefusal(
            try extract(try fixture.policy(destinations: allowed, required: [fingerprints[0], fingerprints[1]])),
            rule: "required_cosigners", [fingerprints[2]])
        Self.expectRefusal(try extract(try fixture.policy(destinations: allowed, quorum: 3)), rule: "quorum")
        Self.expectRefusal(try extract(try fixture.policy()), rule: "allowed_destinations")
        Self.expectRefusal(
            try extract(try fixture.policy(destinations: allowed, maximumFee: 100)), rule: "max_fee_sat")
    }

    @Test func manifestPolicyIsEnforcedAndAnExpiredManifestRefused() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let run = try CeremonyRun(fixture, policy: try fixture.policy())
        let repository = run.path("repository")
        let store = run.path("store")
        let keys = run.path("keys.json")
        try FileManager.default.copyItem(
            atPath: PackagePaths.root.appendingPathComponent("Firmware/manifest/test-keys/keys.json").path, toPath: keys
        )
        let make = try PythonOracle.run(
            script: "scripts/make-example-manifest.py",
            [
                "--policy", run.path("policy.json"), "--keys", keys, "--out", repository, "--expires",
                "2030-01-01T00:00:00Z", "--approvals",
                PackagePaths.root.appendingPathComponent("Firmware/manifest/approvals.json").path,
            ])
        try #require(make.status == 0, "\(make.standardError)")
        for arguments in [
            ["manifest", "init", "--root", repository + "/metadata/1.root.json", "--store", store],
            ["manifest", "update", "--from", repository, "--store", store],
        ] {
            let outcome = try CustosBinary.run(arguments)
            try #require(outcome.status == 0, "\(arguments): \(outcome.standardError)")
        }
        #expect(try run.plan(["--manifest", store]).status == 0)
        // The audit log records the policy's hash and the versions of the metadata it came through.
        let logged = try run.plan(["--manifest", store, "--audit-log", run.path("audit.log")], output: "logged.psbt")
        #expect(logged.status == 0, "\(logged.standardError)")
        let record = try PolicyOnTheRecordTests.entries(run.path("audit.log")).first?["policy"] as? [String: Any]
        func version(_ file: String) throws -> Int? {
            let document = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: repository + "/metadata/" + file)))
            return ((document as? [String: Any])?["signed"] as? [String: Any])?["version"] as? Int
        }
        #expect(record?["manifest_root_version"] as? Int == (try version("1.root.json")))
        #expect(record?["manifest_targets_version"] as? Int == (try version("1.targets.json")))
        #expect(
            record?["sha256"] as? String
                == SHA256.hash(Array(try Data(contentsOf: URL(fileURLWithPath: run.path("policy.json"))))).hexString)
        #expect(record?["source"] as? String == "manifest \(store)")
        Self.expectRefusal(
            try run.plan(["--manifest", store], to: SweepFixture.otherAddress), rule: "allowed_destinations")
        // After the manifest's expiry (faketime moves the clock), it is refused outright.
        let expired = try CustosBinary.run(
            [
                "-f", "@2031-01-01 00:00:00", CustosBinary.url.path, "migrate", "plan", "--descriptor",
                run.path("descriptor.txt"), "--utxos", run.path("utxos.json"), "--to", SweepFixture.destination,
                "--fee-rate", "10", "-o", run.path("late.psbt"), "--manifest", store,
            ],
            executable: URL(fileURLWithPath: "/usr/bin/faketime"))
        #expect(expired.status == 1, "\(expired.standardError)")
        #expect(expired.standardError.contains("has expired"), "\(expired.standardError)")
        #expect(!run.folder.exists("late.psbt"))
        // A store without a manifest, and both options at once.
        #expect(try run.plan(["--manifest", run.path("nothing")]).status == 1)
        #expect(try run.plan(["--manifest", store, "--policy", run.path("policy.json")]).status == 64)
    }
}
