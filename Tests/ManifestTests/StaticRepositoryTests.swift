import CustosCrypto
import CustosSupport
import CustosTestSupport
import Foundation
import TUF
import Testing

/// The two real repositories of shared/vectors/tuf (tuf-on-ci 0.11 and Sigstore's root-signing), read through the
/// local-directory fetcher with the reference time fixed, against python-tuf's recorded outcomes (expected.json).
@Suite("static TUF repositories (python-tuf's results)")
struct StaticRepositoryTests {
    struct Expected: Decodable {
        struct Repository: Decodable {
            let refresh_at_faketime_from_initial_root: Refresh
            let refresh_at_faketime_bootstrapped_from_each_root_version: [String: Outcome]?
        }
        struct Refresh: Decodable {
            let ok: Bool
            let reference_time: String
            let targetpath: String
            let trusted_versions_after_refresh: [String: Int64]
            let target: Target
            let downloaded_sha256: String
            let fetch_order: [String]
        }
        struct Target: Decodable {
            let path: String
            let length: Int64
            let hashes: [String: String]
        }
        struct Outcome: Decodable {
            let ok: Bool
            let trusted_versions_after_refresh: [String: Int64]?
        }
        let repositories: [String: Repository]
    }

    static let names = ["sigstore-root-signing", "tuf-on-ci-0.11"]

    static func referenceTime(_ text: String) throws -> UTCTime {
        // "2025-02-09 12:02:08+00:00" -> 2025-02-09T12:02:08Z
        let iso = String(text.prefix(19)).replacingOccurrences(of: " ", with: "T") + "Z"
        guard let time = UTCTime(iso8601: iso) else { throw TestDataError("bad reference time \(text)") }
        return time
    }

    static func expired(_ name: String) -> (String, UTCTime) {
        name == "sigstore-root-signing"
            ? ("refresh_expired_2030", UTCTime(iso8601: "2030-01-01T00:00:00Z") ?? UTCTime(secondsSinceEpoch: 0))
            : ("refresh_expired_2045", UTCTime(iso8601: "2045-01-01T00:00:00Z") ?? UTCTime(secondsSinceEpoch: 0))
    }

    static func versions(_ trusted: TrustedMetadataSet) -> [String: Int64] {
        var versions: [String: Int64] = ["root": trusted.root.common.version]
        if let timestamp = trusted.timestamp { versions["timestamp"] = timestamp.common.version }
        if let snapshot = trusted.snapshot { versions["snapshot"] = snapshot.common.version }
        for name in trusted.trustedTargetsRoleNames {
            versions[name] = trusted.targets(named: name)?.common.version
        }
        return versions
    }

    @Test(arguments: names)
    func refreshAndDownloadAtReferenceTime(name: String) throws {
        let expected = try SharedVectors.decode(Expected.self, from: "tuf/expected.json")
        let recorded = try #require(expected.repositories[name]).refresh_at_faketime_from_initial_root
        let base = SharedVectors.root.appendingPathComponent("tuf/\(name)").path + "/"
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let store = MetadataStore(folder: folder.file("metadata"))
        _ = try store.initialize(trustedRootFile: base + "initial_root.json")
        let fetcher = RecordingFetcher(base: base)
        var updater = try Updater(
            store: store, metadataBase: base + "metadata/", targetFolder: folder.file("targets"),
            targetBase: base + "targets/", fetcher: fetcher,
            referenceTime: try Self.referenceTime(recorded.reference_time))
        try updater.refresh()
        let target = try #require(try updater.targetInfo(for: recorded.targetpath))
        #expect(target.length == recorded.target.length)
        #expect(target.hashes.map(\.hexDigest) == [recorded.target.hashes["sha256"]])
        let path = try updater.downloadTarget(target)
        let downloaded = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(SHA256.hash(Array(downloaded)).hexString == recorded.downloaded_sha256)
        #expect(Self.versions(updater.trusted) == recorded.trusted_versions_after_refresh)
        #expect(fetcher.requests == recorded.fetch_order)
        // Stored metadata is byte for byte what the repository holds.
        let timestamp = try Data(contentsOf: URL(fileURLWithPath: store.path(forRole: "timestamp")))
        #expect(timestamp == (try Data(contentsOf: URL(fileURLWithPath: base + "metadata/timestamp.json"))))
        reportVectorCount("tuf/\(name) refresh + download", passed: 1, total: 1)
    }

    @Test(arguments: names)
    func expiredRootFailsAfterTimestamp(name: String) throws {
        let base = SharedVectors.root.appendingPathComponent("tuf/\(name)").path + "/"
        let document = try #require(try SharedVectors.json("tuf/expected.json") as? [String: Any])
        let repositories = try #require(document["repositories"] as? [String: Any])
        let (key, time) = Self.expired(name)
        let recorded = try #require((repositories[name] as? [String: Any])?[key] as? [String: Any])
        let folder = try TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let store = MetadataStore(folder: folder.file("metadata"))
        _ = try store.initialize(trustedRootFile: base + "initial_root.json")
        let fetcher = RecordingFetcher(base: base)
        var updater = try Updater(store: store, metadataBase: base + "metadata/", fetcher: fetcher, referenceTime: time)
        #expect(throws: TUFError.expired(role: "final root")) { try updater.refresh() }
        #expect(fetcher.requests == recorded["fetch_order"] as? [String])
        #expect(recorded["ok"] as? Bool == false)
    }

    /// Sigstore's repository bootstrapped from each of its root versions: v5 to v12 reach the same trusted state;
    /// v1 to v3 fail (non-spec `expires` strings) and v4 fails (keys as hex points, so no signature verifies).
    @Test func sigstoreBootstrappedFromEveryRootVersion() throws {
        let expected = try SharedVectors.decode(Expected.self, from: "tuf/expected.json")
        let repository = try #require(expected.repositories["sigstore-root-signing"])
        let outcomes = try #require(repository.refresh_at_faketime_bootstrapped_from_each_root_version)
        let time = try Self.referenceTime(repository.refresh_at_faketime_from_initial_root.reference_time)
        let base = SharedVectors.root.appendingPathComponent("tuf/sigstore-root-signing").path + "/"
        var agreed = 0
        for (file, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
            let folder = try TemporaryFolder()
            defer { withExtendedLifetime(folder) {} }
            let store = MetadataStore(folder: folder.file("metadata"))
            var versions: [String: Int64]?
            do {
                _ = try store.initialize(trustedRootFile: base + file)
                var updater = try Updater(
                    store: store, metadataBase: base + "metadata/", fetcher: DirectoryFetcher(), referenceTime: time)
                try updater.refresh()
                versions = Self.versions(updater.trusted)
            } catch {
                versions = nil
            }
            #expect((versions != nil) == outcome.ok, "\(file)")
            if let versions { #expect(versions == outcome.trusted_versions_after_refresh, "\(file)") }
            if (versions != nil) == outcome.ok { agreed += 1 }
        }
        #expect(outcomes.count == 12)
        reportVectorCount("tuf/sigstore-root-signing bootstrap from each root", passed: agreed, total: outcomes.count)
    }

    /// Every metadata file of both repositories: our canonical form of `signed` hashes to the same value as
    /// securesystemslib's `encode_canonical` (the independent oracle).
    @Test func canonicalFormMatchesSecuresystemslib() throws {
        var files: [String] = []
        for name in Self.names {
            let folder = SharedVectors.root.appendingPathComponent("tuf/\(name)/metadata")
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            where file.hasSuffix(".json") {
                files.append(folder.appendingPathComponent(file).path)
            }
        }
        let oracle = try PythonOracle.run(script: "Tests/tuf-harness/oracles/canonical.py", ["signed"] + files)
        #expect(oracle.status == 0, "\(oracle.standardError)")
        let digests = oracle.standardOutput.split(separator: "\n").map(String.init)
        #expect(digests.count == files.count)
        var agreed = 0
        for (file, digest) in zip(files, digests) {
            let envelope = try SignedEnvelope(
                bytes: Array(try Data(contentsOf: URL(fileURLWithPath: file))), role: file)
            let ours = SHA256.hash(envelope.canonicalSigned).hexString
            #expect(ours == digest, "\(file)")
            if ours == digest { agreed += 1 }
        }
        #expect(files.count == 21)
        reportVectorCount("tuf static metadata canonical form vs securesystemslib", passed: agreed, total: files.count)
    }
}
