import CustosTestSupport
import Foundation
import Lab
import Testing

/// Deliberately broken copies of the bundled `psbt-role` and `manifest-update` cases: each fails with a reason
/// precise enough to act on (which field, which expectation, what was observed), the run goes on, and the summary
/// line counts them.
@Suite("Broken PSBT and manifest vectors")
struct BrokenKindCaseTests {
    static let combine = "psbt/cases/demo-combine.case.json"
    static let extract = "psbt/cases/demo-extract.case.json"
    static let inspect = "psbt/cases/demo-inspect-cosigner-a.case.json"
    static let highS = "psbt/cases/refusals-high-s.case.json"
    static let goodUpdate = "manifest/cases/good-update.case.json"
    static let expired = "manifest/cases/expired-timestamp.case.json"

    private static func editing(
        _ section: String, _ edit: @escaping (inout [String: Any]) -> Void
    ) -> (inout [String: Any]) -> Void {
        { object in
            var values = object[section] as? [String: Any] ?? [:]
            edit(&values)
            object[section] = values
        }
    }

    /// (bundled case, id of the broken copy, edit, phrase the reason must contain, whether the case still ran).
    static func brokenCopies(scratch: URL) -> [(String, String, (inout [String: Any]) -> Void, String, Bool)] {
        let zeros = String(repeating: "00", count: 32)
        let demoCosignerA = LabFixtures.vectors.appendingPathComponent("psbt/demo/cosigner-a.psbt").path
        return [
            (
                extract, "wrong-txid", editing("expected") { $0["txid"] = zeros },
                "expected txid \(zeros), got 4a3863b57296fab9d36d08ac7bf5f810c0c04001cd2ea1022505e525ecb7c371", true
            ),
            (
                combine, "wrong-output", editing("expected") { $0["output"] = demoCosignerA },
                "expected output SHA-256 ", true
            ),
            (
                combine, "wrong-output-sha256", editing("expected") { $0["output_sha256"] = zeros },
                "expected output SHA-256 \(zeros), got", true
            ),
            (
                "psbt/cases/demo-finalize.case.json", "finalize-expected-refused",
                editing("expected") { $0["verdict"] = "refused" }, "expected verdict refused, got ok", true
            ),
            (
                inspect, "missing-signature",
                editing("expected") {
                    $0["signatures"] = [
                        ["input": 0, "pubkey": "03ff4a3f9aedd65bc15baf92be29483e28d12d192e7d84f6f05f93378dd160a5c2"]
                    ]
                },
                "got absent (valid keys: 036d3f8f0b4a7c9bc8f3e6624e95be62639f965104c476af0c60b80f1cb857d29f)", true
            ),
            (
                highS, "wrong-refusal-reason", editing("expected") { $0["refusal_contains"] = ["does not verify"] },
                "expected a problem mentioning 'does not verify'; the problems were: signature check failed", true
            ),
            (
                combine, "changed-psbt",
                editing("input") { input in
                    var pins = input["psbts_sha256"] as? [String] ?? []
                    if !pins.isEmpty { pins[1] = zeros }
                    input["psbts_sha256"] = pins
                },
                "but the case pins \(zeros): the input changed", false
            ),
            (
                combine, "missing-psbt",
                editing("input") { input in
                    input["psbts"] = [demoCosignerA, "not-there.psbt"]
                    input.removeValue(forKey: "psbts_sha256")
                },
                "input.psbts[1]: referenced file 'not-there.psbt' does not exist", false
            ),
            (
                combine, "combine-one-file",
                editing("input") { input in
                    input["psbts"] = [demoCosignerA]
                    input.removeValue(forKey: "psbts_sha256")
                },
                "combine needs at least two PSBTs", false
            ),
            (
                combine, "to-version-on-combine", editing("input") { $0["to_version"] = 2 },
                "input.to_version applies only to convert, not to combine", false
            ),
            (
                inspect, "signature-typo",
                editing("expected") { $0["signatures"] = [["input": 0, "pubky": "03"]] },
                "unknown field pubky (a signature knows: input, pubkey)", false
            ),
            (
                goodUpdate, "wrong-root-version", editing("expected") { $0["versions"] = ["root": 2, "trezor": 1] },
                "expected root version 2, got 1", true
            ),
            (
                goodUpdate, "missing-approval",
                editing("expected") { expected in
                    expected["approvals"] = Array((expected["approvals"] as? [Any] ?? []).prefix(1))
                },
                "expected approvals trezor T3T1 2.8.1 783cdcd536f2bf6569c65c864c375999206abe7f1590ae441ea6c5dbe36095e9, "
                    + "got trezor T1B1 1.12.1", true
            ),
            (
                expired, "expired-expected-trusted",
                editing("expected") { expected in
                    expected["verdict"] = "trusted"
                    expected.removeValue(forKey: "refusal_contains")
                },
                "expected verdict trusted, got refused", true
            ),
            (
                goodUpdate, "bad-clock", editing("input") { $0["clock"] = "2026-11-26" },
                "input.clock must be a UTC time as YYYY-MM-DDTHH:MM:SSZ, got '2026-11-26'", false
            ),
            (
                goodUpdate, "missing-repository",
                editing("input") { $0["repository"] = scratch.appendingPathComponent("not-there").path },
                "input.repository: referenced file '\(scratch.path)/not-there' does not exist (looked for "
                    + "\(scratch.path)/not-there/metadata)", false
            ),
            (
                goodUpdate, "previous-with-root",
                editing("input") { $0["previous"] = scratch.appendingPathComponent("previous-with-root").path },
                "input.previous must not hold root.json", false
            ),
            (
                goodUpdate, "changed-root", editing("input") { $0["trusted_root_sha256"] = zeros },
                "input.trusted_root: ", false
            ),
            (
                goodUpdate, "approval-typo",
                editing("expected") {
                    $0["approvals"] = [["vendr": "trezor", "model": "T3T1", "version": "2.8.1", "fingerprint": "00"]]
                },
                "unknown field vendr (an approval knows: vendor, model, version, fingerprint)", false
            ),
        ]
    }

    @Test func eachBrokenCopyFailsWithAPreciseReason() async throws {
        let folder = try LabFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let previous = folder.appendingPathComponent("previous-with-root")
        try FileManager.default.createDirectory(at: previous, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: previous.appendingPathComponent("root.json"))
        // One good copy of each kind, so the broken ones are not failing for a reason shared by all.
        try LabFixtures.copy(Self.combine, to: folder, as: "good/combine.case.json") { $0["id"] = "good/combine" }
        try LabFixtures.copy(Self.goodUpdate, to: folder, as: "good/update.case.json") { $0["id"] = "good/update" }
        let copies = Self.brokenCopies(scratch: folder)
        for (bundled, id, edit, _, _) in copies {
            try LabFixtures.copy(bundled, to: folder, as: "broken/\(id).case.json") { object in
                object["id"] = "broken/\(id)"
                edit(&object)
            }
        }
        let run = try await LabFixtures.run(folder)
        #expect(run.summaryLine == "2 passed, \(copies.count) failed, 0 skipped")
        for (_, id, _, phrase, ran) in copies {
            let result = try LabFixtures.result(run, "broken/\(id)")
            let reasons = result.reasons.joined(separator: " | ")
            #expect(result.status == .failed, "broken/\(id)")
            #expect(reasons.contains(phrase), "broken/\(id): '\(reasons)' lacks '\(phrase)'")
            // An unmet expectation is told apart from a case that cannot run as written.
            #expect(result.failureClass == (ran ? .expectation : .caseFile), "broken/\(id)")
        }
        // The wrong-output copy says where the bytes part.
        let output = try LabFixtures.result(run, "broken/wrong-output").reasons.joined()
        #expect(output.contains("first difference at byte"), "\(output)")
        // A refused expectation still leaves the evidence of what happened.
        let expired = try LabFixtures.result(run, "broken/expired-expected-trusted")
        #expect(LabFixtures.evidence(expired, "refusal") == "timestamp metadata is expired")
        reportVectorCount("broken psbt-role and manifest-update cases", passed: run.failed, total: copies.count)
    }

    /// Each manifest case's scratch store is removed, whatever the outcome (run in a process of its own, whose
    /// TMPDIR is an empty folder).
    @Test func manifestCasesLeaveNoScratchStoreBehind() throws {
        let scratch = try LabFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = scratch.path
        let outcome = try CustosBinary.run(
            ["lab", "run", "Vectors/manifest"], environment: environment, currentDirectory: PackagePaths.root)
        #expect(outcome.status == 0, "\(outcome.standardOutput)")
        #expect(outcome.standardOutput.contains("8 passed, 0 failed, 0 skipped"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }
}
