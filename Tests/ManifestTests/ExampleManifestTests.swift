import CustosSupport
import CustosTestSupport
import Foundation
import ManifestProfile
import TUF
import Testing

/// The committed example manifest (Firmware/manifest): python-tuf's client reads the same approvals and policy as
/// `TrustedManifest`, the generator script reproduces the committed bytes, and the approval checks behave.
@Suite("example manifest")
struct ExampleManifestTests {
    static let repository = PackagePaths.root.appendingPathComponent("Firmware/manifest").path
    static let now = UTCTime(iso8601: "2026-11-26T12:00:00Z") ?? UTCTime(secondsSinceEpoch: 0)

    /// Pins the example root in `folder` and updates from the example repository.
    static func loadedStore(in folder: TemporaryFolder) throws -> (ManifestStore, TrustedManifest) {
        let store = ManifestStore(folder: folder.path)
        let root = Array(try Data(contentsOf: URL(fileURLWithPath: repository + "/metadata/1.root.json")))
        _ = try store.initialize(trustedRoot: root)
        let manifest = try store.update(from: repository, referenceTime: now)
        return (store, manifest)
    }

    @Test func pythonTUFReadsTheSameApprovalsAndPolicy() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (_, manifest) = try Self.loadedStore(in: folder)
        #expect(manifest.approvals.count == 5)
        #expect(manifest.policy != nil)
        #expect(manifest.problems.isEmpty)
        let paths = manifest.approvals.map(\.targetPath) + [MigrationPolicy.targetPath]
        let oracle = try PythonOracle.run(
            script: "Tests/tuf-harness/oracles/read_manifest.py", [Self.repository] + paths)
        #expect(oracle.status == 0, "\(oracle.standardError)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(oracle.standardOutput.utf8)) as? [String: Any])
        let versions = try #require(document["versions"] as? [String: Int])
        #expect(versions == Dictionary(uniqueKeysWithValues: manifest.roles.map { ($0.name, Int($0.version)) }))
        let targets = try #require(document["targets"] as? [String: [String: Any]])
        var agreed = 0
        for approval in manifest.approvals {
            let entry = try #require(targets[approval.targetPath])
            let custos = try #require((entry["custom"] as? [String: Any])?["custos"] as? [String: String])
            let same =
                entry["length"] as? Int64 == approval.length
                && (entry["hashes"] as? [String: String])?["sha256"] == approval.sha256
                && custos["vendor"] == approval.vendor && custos["model"] == approval.model
                && custos["version"] == approval.version.description
                && custos["fingerprint"] == approval.fingerprint
                && custos["min_version"] == approval.minimumVersion.description && custos["channel"] == approval.channel
            #expect(same, "\(approval.targetPath)")
            if same { agreed += 1 }
        }
        #expect(targets[MigrationPolicy.targetPath] != nil)
        reportVectorCount("example manifest approvals vs python-tuf ngclient", passed: agreed, total: 5)
    }

    @Test func generatorReproducesTheCommittedManifest() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let base = Self.repository
        let run = try PythonOracle.run(
            script: "scripts/make-example-manifest.py",
            [
                "--approvals", base + "/approvals.json", "--policy", base + "/migration-policy.json", "--keys",
                base + "/test-keys/keys.json", "--out", folder.path,
            ])
        #expect(run.status == 0, "\(run.standardError)")
        for file in ["1.root.json", "1.targets.json", "1.trezor.json", "1.snapshot.json", "timestamp.json"] {
            let generated = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/metadata/" + file))
            let committed = try Data(contentsOf: URL(fileURLWithPath: base + "/metadata/" + file))
            #expect(generated == committed, "\(file)")
        }
    }

    @Test func approvalChecks() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (_, manifest) = try Self.loadedStore(in: folder)
        let fingerprint = "6a064df4a928e1264d682a34cc014fc9272f312e0f8a8270ff88d6f1408fe68b"
        let version = try #require(DottedVersion("2.8.1"))
        guard
            case .approved(let approval) = manifest.check(
                vendor: "trezor", model: "T3T1", version: version, fingerprint: fingerprint.uppercased())
        else {
            Issue.record("2.8.1 should be approved")
            return
        }
        #expect(approval.imageFileName == "trezor-t3t1-2.8.1.bin")
        // Same image on another model, a wrong fingerprint, a downgrade: all refused with a reason.
        #expect(
            manifest.check(vendor: "trezor", model: "T2T1", version: version, fingerprint: fingerprint)
                != .approved(approval))
        if case .rejected(let reasons) = manifest.check(
            vendor: "trezor", model: "T3T1", version: version, fingerprint: String(repeating: "0", count: 64))
        {
            #expect(reasons.count == 1)
        } else {
            Issue.record("unknown fingerprint approved")
        }
        if case .rejected(let reasons) = manifest.check(
            vendor: "trezor", model: "T3T1", version: version, fingerprint: fingerprint,
            installedVersion: DottedVersion("2.12.4"))
        {
            #expect(reasons.contains { $0.contains("downgrade") })
        } else {
            Issue.record("downgrade approved")
        }
        #expect(manifest.minimumVersion(vendor: "trezor", model: "T3T1") == DottedVersion("2.8.0"))
    }

    @Test func expiredManifestApprovesNothing() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let store = ManifestStore(folder: folder.path)
        let root = Array(try Data(contentsOf: URL(fileURLWithPath: Self.repository + "/metadata/1.root.json")))
        _ = try store.initialize(trustedRoot: root)
        _ = try store.update(from: Self.repository, referenceTime: Self.now)
        let later = try #require(UTCTime(iso8601: "2036-01-01T00:00:00Z"))
        let manifest = try TrustedManifest.load(from: store, referenceTime: later)
        #expect(manifest.isExpired)
        #expect(manifest.roles.allSatisfy { $0.isExpired })
        let verdict = manifest.check(
            vendor: "trezor", model: "T3T1", version: try #require(DottedVersion("2.8.1")),
            fingerprint: "6a064df4a928e1264d682a34cc014fc9272f312e0f8a8270ff88d6f1408fe68b")
        #expect(
            verdict == .rejected(reasons: ["the manifest has expired (root, timestamp, snapshot, targets, trezor)"]))
        // An update at that time is refused outright (freeze protection).
        #expect(throws: TUFError.expired(role: "final root")) {
            try store.update(from: Self.repository, referenceTime: later)
        }
    }

    @Test func tamperedStoredPolicyIsReported() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (store, _) = try Self.loadedStore(in: folder)
        let path = store.targetsFolder + "/" + PercentEncoding.encodeComponent(MigrationPolicy.targetPath)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[10] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let manifest = try TrustedManifest.load(from: store, referenceTime: Self.now)
        #expect(manifest.policy == nil)
        #expect(manifest.problems.contains { $0.contains("does not match the manifest") })
        #expect(manifest.approvals.count == 5)
    }

    @Test func tamperedStoredMetadataIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (store, _) = try Self.loadedStore(in: folder)
        let path = store.metadata.path(forRole: "targets")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "2036-01-01", with: "2037-01-01").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: TUFError.self) { try TrustedManifest.load(from: store, referenceTime: Self.now) }
    }
}
