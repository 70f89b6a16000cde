import CustosSupport
import CustosTestSupport
import Foundation
import Testing

/// `custos-tuf` (tuf-conformance's client protocol) and `custos manifest` through the built binaries.
@Suite("custos-tuf and custos manifest command lines")
struct CommandLineTests {
    static let conformanceClient = CustosBinary.productsDirectory.appendingPathComponent("custos-tuf")
    static let example = PackagePaths.root.appendingPathComponent("Firmware/manifest").path

    static func tuf(_ arguments: [String]) throws -> CustosBinary.Outcome {
        try CustosBinary.run(arguments, executable: conformanceClient)
    }

    @Test(arguments: [
        [], ["--help"], ["refresh"], ["init"], ["--metadata-dir"], ["--bogus", "x", "refresh"],
        ["--metadata-dir", "/nonexistent/x", "init", "/nonexistent/root.json"], ["download"],
        ["--metadata-dir", "/tmp", "--metadata-url", "ftp://example.invalid/", "refresh"],
        ["--metadata-dir", "/tmp", "refresh", "extra"], ["--target-name"],
    ])
    func conformanceClientExitsOneOnBadUsage(arguments: [String]) throws {
        let outcome = try Self.tuf(arguments)
        #expect(outcome.status == 1)
        #expect(!outcome.standardError.isEmpty)
    }

    @Test func optionsInAnyOrderAndEqualsForm() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let root = Self.example + "/metadata/1.root.json"
        #expect(try Self.tuf(["init", root, "--metadata-dir=\(folder.file("m"))"]).status == 0)
        let base = Self.example + "/"
        let outcome = try Self.tuf([
            "--target-dir", folder.file("t"), "--target-name", "policy/migration.json", "-v",
            "--target-base-url=\(base)targets/", "--metadata-dir", folder.file("m"), "--metadata-url",
            base + "metadata", "download",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let stored = try Data(contentsOf: URL(fileURLWithPath: folder.file("t/policy%2Fmigration.json")))
        #expect(stored == (try Data(contentsOf: URL(fileURLWithPath: Self.example + "/migration-policy.json"))))
        // Stored metadata are the repository's bytes.
        let timestamp = try Data(contentsOf: URL(fileURLWithPath: folder.file("m/timestamp.json")))
        #expect(timestamp == (try Data(contentsOf: URL(fileURLWithPath: Self.example + "/metadata/timestamp.json"))))
    }

    @Test func initRefusesAnUnsignedRoot() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let text = try String(contentsOfFile: Self.example + "/metadata/1.root.json", encoding: .utf8)
        try text.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2").write(
            toFile: folder.file("root.json"), atomically: true, encoding: .utf8)
        let outcome = try Self.tuf(["--metadata-dir", folder.file("m"), "init", folder.file("root.json")])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("root was signed by"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("m/root.json")))
    }

    @Test func manifestInitUpdateShow() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let store = folder.file("store")
        let initialized = try CustosBinary.run([
            "manifest", "init", "--root", Self.example + "/metadata/1.root.json", "--store", store,
        ])
        #expect(initialized.status == 0, "\(initialized.standardError)")
        #expect(initialized.standardOutput.contains("Pinned root version 1"))
        // A second init would reset rollback protection: refused without --force.
        let again = try CustosBinary.run([
            "manifest", "init", "--root", Self.example + "/metadata/1.root.json", "--store", store,
        ])
        #expect(again.status == 2)
        let updated = try CustosBinary.run(["manifest", "update", "--from", Self.example, "--store", store])
        #expect(updated.status == 0, "\(updated.standardError)")
        #expect(updated.standardOutput.contains("5 firmware approvals"))
        let text = try CustosBinary.run(["manifest", "show", "--store", store])
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("trezor T3T1 (minimum version 2.8.0)"))
        #expect(text.standardOutput.contains("trezor-t3t1-2.8.1.bin"))
        #expect(text.standardOutput.contains("quorum 2 of 3"))
        let json = try CustosBinary.run(["manifest", "show", "--json", "--store", store])
        #expect(json.status == 0)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(document["expired"] as? Bool == false)
        #expect((document["approvals"] as? [[String: Any]])?.count == 5)
        #expect(
            (document["roles"] as? [[String: Any]])?.map { $0["name"] as? String } == [
                "root", "timestamp", "snapshot", "targets", "trezor",
            ])
        let policy = try #require(document["policy"] as? [String: Any])
        #expect(policy["quorum"] as? Int == 2)
        #expect(policy["max_fee_rate_sat_vb"] as? Double == 75.5)
    }

    @Test func manifestUpdateRejectsAForeignRepository() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let store = folder.file("store")
        _ = try CustosBinary.run([
            "manifest", "init", "--root", Self.example + "/metadata/1.root.json", "--store", store,
        ])
        let tufOnCI = SharedVectors.root.appendingPathComponent("tuf/tuf-on-ci-0.11").path
        let outcome = try CustosBinary.run(["manifest", "update", "--from", tufOnCI, "--store", store])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("timestamp was signed by 0/1"))
        let shown = try CustosBinary.run(["manifest", "show", "--store", store])
        #expect(shown.status == 2)
        #expect(shown.standardError.contains("no trusted timestamp"))
    }

    /// A repository folder whose path holds `%`, a space and non-ASCII still works (locations are URL-encoded).
    @Test func manifestUpdateFromAnOddlyNamedFolder() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let repository = folder.file("repo 100%é")
        try FileManager.default.copyItem(atPath: Self.example, toPath: repository)
        let store = folder.file("store")
        _ = try CustosBinary.run(["manifest", "init", "--root", repository + "/metadata/1.root.json", "--store", store])
        let outcome = try CustosBinary.run(["manifest", "update", "--from", repository, "--store", store])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("migration policy: yes"))
    }

    /// `custos firmware verify --manifest`: a manifest generated by the python-tuf script approves one of the
    /// firmware test images (by its file, so length, SHA-256 and fingerprint are the image's own); the verifier
    /// reports it approved, and another image of the same vendor not approved.
    @Test func firmwareVerifyUsesTheManifestsApprovals() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let images = PackagePaths.root.appendingPathComponent("Firmware/test-images/passport").path
        let inspected = try CustosBinary.run(["firmware", "inspect", "--json", images + "/passport-color-test.bin"])
        let facts = try #require(
            try JSONSerialization.jsonObject(with: Data(inspected.standardOutput.utf8)) as? [String: Any])
        let approvals: [String: Any] = [
            "approvals": [
                [
                    "file": images + "/passport-color-test.bin", "vendor": "passport", "model": "passport-color",
                    "version": try #require(facts["version"] as? String),
                    "fingerprint": try #require(facts["fingerprint"] as? String), "min_version": "2.0.0",
                    "channel": "stable",
                ]
            ]
        ]
        try JSONSerialization.data(withJSONObject: approvals).write(to: URL(fileURLWithPath: folder.file("a.json")))
        let generated = try PythonOracle.run(
            script: "scripts/make-example-manifest.py",
            [
                "--approvals", folder.file("a.json"), "--policy", Self.example + "/migration-policy.json", "--keys",
                folder.file("keys.json"), "--out", folder.file("repo"),
            ])
        #expect(generated.status == 0, "\(generated.standardError)")
        let store = folder.file("store")
        #expect(
            try CustosBinary.run([
                "manifest", "init", "--root", folder.file("repo/metadata/1.root.json"), "--store", store,
            ]).status == 0)
        let updated = try CustosBinary.run(["manifest", "update", "--from", folder.file("repo"), "--store", store])
        #expect(updated.status == 0, "\(updated.standardError)")
        let verified = try CustosBinary.run([
            "firmware", "verify", "--json", "--manifest", store, images + "/passport-color-test.bin",
            images + "/passport-mono-test.bin",
        ])
        let results = try #require(
            try JSONSerialization.jsonObject(with: Data(verified.standardOutput.utf8)) as? [[String: Any]])
        try #require(results.count == 2, "\(verified.standardOutput)")
        #expect(results[0]["approved"] as? Bool == true)
        #expect(results[1]["approved"] as? Bool == false)
        // Both are signed with test keys, so neither is genuine: the run is a refusal either way.
        #expect(verified.status == 1)
        // Without an initialized store, --manifest is unreadable input.
        let missing = try CustosBinary.run([
            "firmware", "verify", "--manifest", folder.file("nothing"), images + "/passport-color-test.bin",
        ])
        #expect(missing.status == 2)
    }

    @Test func manifestUsageErrors() throws {
        #expect(try CustosBinary.run(["manifest", "update"]).status == 64)
        #expect(try CustosBinary.run(["manifest", "init"]).status == 64)
        let missing = try CustosBinary.run(["manifest", "init", "--root", "/nonexistent.json", "--store", "/tmp/x"])
        #expect(missing.status == 2)
        let uninitialized = try CustosBinary.run(["manifest", "show", "--store", "/nonexistent/store"])
        #expect(uninitialized.status == 2)
    }
}
