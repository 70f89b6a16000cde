import CustosCrypto
import CustosSupport
import Testing

@testable import TUF

/// A tiny TUF repository built in the test: Ed25519 Custos TEST keys (seeds derived from labels), canonical JSON
/// signed per role. Enough to drive `TrustedMetadataSet` through the rules that the Python harness also checks.
struct TestTUFRepository {
    struct Key {
        let id: String
        let privateKey: Ed25519PrivateKey

        init(_ label: String) throws {
            privateKey = try Ed25519PrivateKey(seed: SHA256.hash(Array("custos TEST tuf key: \(label)".utf8)))
            id = SHA256.hash(privateKey.publicKey.bytes).hexString
        }

        var json: String {
            #"{"keytype":"ed25519","keyval":{"public":"\#(privateKey.publicKey.bytes.hexString)"},"scheme":"ed25519"}"#
        }
    }

    static let future = "2099-01-01T00:00:00Z"
    static let past = "2001-01-01T00:00:00Z"
    static func time(_ text: String) throws -> UTCTime { try #require(UTCTime(iso8601: text)) }
    static func now() throws -> UTCTime { try time("2026-06-01T00:00:00Z") }

    let rootKey: Key
    let otherRootKey: Key
    let onlineKey: Key

    init() throws {
        rootKey = try Key("root")
        otherRootKey = try Key("root 2")
        onlineKey = try Key("online")
    }

    /// `signed` (any JSON object text) wrapped in an envelope with one signature per key over its canonical form.
    static func envelope(_ signed: String, signedBy keys: [Key]) throws -> [UInt8] {
        let canonical = try CanonicalJSON.encode(try JSONParser.parse(Array(signed.utf8)))
        let signatures = try keys.map { key in
            #"{"keyid":"\#(key.id)","sig":"\#(try key.privateKey.signature(for: canonical).hexString)"}"#
        }
        return Array(#"{"signatures":[\#(signatures.joined(separator: ","))],"signed":"#.utf8) + canonical + [0x7D]
    }

    /// Root metadata: `rootKeyIDs` (default: the root key) for the root role, the online key for the others.
    func root(
        version: Int = 1, expires: String = future, rootKeyIDs: [String]? = nil, threshold: Int = 1,
        keys: [Key]? = nil, signedBy: [Key]? = nil
    ) throws -> [UInt8] {
        let listed = keys ?? [rootKey, otherRootKey, onlineKey]
        let keyObjects = listed.map { "\"\($0.id)\":\($0.json)" }.joined(separator: ",")
        let rootIDs = (rootKeyIDs ?? [rootKey.id]).map { "\"\($0)\"" }.joined(separator: ",")
        let online = #"{"keyids":["\#(onlineKey.id)"],"threshold":1}"#
        let signed =
            #"{"_type":"root","consistent_snapshot":false,"expires":"\#(expires)","keys":{\#(keyObjects)},"#
            + #""roles":{"root":{"keyids":[\#(rootIDs)],"threshold":\#(threshold)},"snapshot":\#(online),"#
            + #""targets":\#(online),"timestamp":\#(online)},"spec_version":"1.0.31","version":\#(version)}"#
        return try Self.envelope(signed, signedBy: signedBy ?? [rootKey])
    }

    func timestamp(version: Int, snapshotVersion: Int, expires: String = future) throws -> [UInt8] {
        try Self.envelope(
            #"{"_type":"timestamp","expires":"\#(expires)","meta":{"snapshot.json":{"version":\#(snapshotVersion)}},"#
                + #""spec_version":"1.0.31","version":\#(version)}"#, signedBy: [onlineKey])
    }

    func snapshot(version: Int, targetsVersion: Int?, expires: String = future) throws -> [UInt8] {
        let meta = targetsVersion.map { #""targets.json":{"version":\#($0)}"# } ?? ""
        return try Self.envelope(
            #"{"_type":"snapshot","expires":"\#(expires)","meta":{\#(meta)},"spec_version":"1.0.31","#
                + #""version":\#(version)}"#, signedBy: [onlineKey])
    }

    func targets(version: Int, expires: String = future) throws -> [UInt8] {
        try Self.envelope(
            #"{"_type":"targets","expires":"\#(expires)","spec_version":"1.0.31","targets":{},"version":\#(version)}"#,
            signedBy: [onlineKey])
    }
}

/// The trusted-state rules of the TUF client workflow (specification §5.3–5.6), in Swift, on metadata signed in the
/// test: threshold counting, rollback and expiry. The Python harness (Tests/tuf-harness) checks the same rules
/// end to end through the CLI; these pin them at the layer that enforces them.
@Suite("TUF trusted state: thresholds, rollback, expiry")
struct TrustedStateRuleTests {
    let repository: TestTUFRepository

    init() throws {
        repository = try TestTUFRepository()
    }

    func trusted() throws -> TrustedMetadataSet {
        try TrustedMetadataSet(trustedRoot: try repository.root(), expiryCheck: .at(try TestTUFRepository.now()))
    }

    // MARK: - One key id listed twice

    @Test func theParserRefusesARoleListingOneKeyIDTwice() throws {
        let key = repository.rootKey.id
        let bytes = try repository.root(rootKeyIDs: [key, key], threshold: 2)
        do {
            _ = try TrustedMetadataSet(trustedRoot: bytes, expiryCheck: .skipped)
            Issue.record("a root role listing \(key) twice was accepted")
        } catch {
            guard case .malformed(_, let reason) = error else {
                Issue.record("expected malformed, got \(error)")
                return
            }
            #expect(reason.contains("more than once"), "\(reason)")
        }
    }

    /// Below the parser: a role value listing one key id twice (as a lenient parser or a future profile might build
    /// it) must still count that key once toward the threshold.
    @Test func theThresholdCountsARepeatedKeyIDOnce() throws {
        let root = repository.rootKey
        let envelope = try SignedEnvelope(bytes: try repository.root(), role: "root")
        let metadata = try RootMetadata(envelope.signed)
        let repeated = RoleKeys(keyIDs: [root.id, root.id], threshold: 2)
        #expect(throws: TUFError.unsigned(role: "root", validSignatures: 1, threshold: 2)) {
            try envelope.verifyThreshold(role: repeated, keys: metadata.keys, roleName: "root")
        }
        #expect(envelope.verifiedKeyIDs(of: repeated, keys: metadata.keys) == [root.id])
        // The same envelope meets a threshold of one, so only the double counting is refused above.
        try envelope.verifyThreshold(
            role: RoleKeys(keyIDs: [root.id], threshold: 1), keys: metadata.keys, roleName: "root")
    }

    @Test func twoDistinctKeysMeetAThresholdOfTwoAndOneDoesNot() throws {
        let (first, second) = (repository.rootKey, repository.otherRootKey)
        let both = try repository.root(
            rootKeyIDs: [first.id, second.id], threshold: 2, signedBy: [first, second])
        _ = try TrustedMetadataSet(trustedRoot: both, expiryCheck: .skipped)
        let one = try repository.root(rootKeyIDs: [first.id, second.id], threshold: 2, signedBy: [first])
        #expect(throws: TUFError.unsigned(role: "root", validSignatures: 1, threshold: 2)) {
            _ = try TrustedMetadataSet(trustedRoot: one, expiryCheck: .skipped)
        }
    }

    // MARK: - Root rotation

    @Test func aNewRootMustBeTheNextVersionAndSignedByTheOldKeys() throws {
        var state = try trusted()
        #expect(throws: TUFError.self) { try state.updateRoot(try repository.root(version: 3)) }
        let byNewKeyOnly = try repository.root(
            version: 2, rootKeyIDs: [repository.otherRootKey.id], signedBy: [repository.otherRootKey])
        #expect(throws: TUFError.unsigned(role: "root (by the trusted root's keys)", validSignatures: 0, threshold: 1))
        {
            try state.updateRoot(byNewKeyOnly)
        }
        try state.updateRoot(try repository.root(version: 2))
        #expect(state.root.common.version == 2)
        // The same version again is not "one more": no replay of a root.
        #expect(throws: TUFError.self) { try state.updateRoot(try repository.root(version: 2)) }
    }

    // MARK: - Rollback

    /// The rollback error `body` throws; anything else (another error, or no error) is recorded as a failure.
    func rollback(_ what: String, _ body: () throws -> Void) -> (role: String, reason: String)? {
        do {
            try body()
            Issue.record("\(what) was accepted")
        } catch let error as TUFError {
            if case .rollback(let role, let reason) = error { return (role, reason) }
            Issue.record("\(what): expected a rollback, got \(error)")
        } catch {
            Issue.record("\(what): \(error)")
        }
        return nil
    }

    @Test func anOlderTimestampIsARollbackAndTheSameOneIsKept() throws {
        var state = try trusted()
        #expect(try state.updateTimestamp(try repository.timestamp(version: 5, snapshotVersion: 5)) == .updated)
        let older = try repository.timestamp(version: 4, snapshotVersion: 5)
        #expect(rollback("timestamp version 4 after 5") { _ = try state.updateTimestamp(older) }?.role == "timestamp")
        #expect(try state.updateTimestamp(try repository.timestamp(version: 5, snapshotVersion: 5)) == .unchanged)
        #expect(state.timestamp?.common.version == 5)
        let olderSnapshot = try repository.timestamp(version: 6, snapshotVersion: 4)
        #expect(
            rollback("a timestamp listing an older snapshot") { _ = try state.updateTimestamp(olderSnapshot) }?.role
                == "snapshot")
        #expect(state.timestamp?.common.version == 5, "a refused timestamp must not replace the trusted one")
    }

    @Test func aSnapshotListingAnOlderOrNoTargetsIsARollback() throws {
        var state = try trusted()
        _ = try state.updateTimestamp(try repository.timestamp(version: 2, snapshotVersion: 2))
        // The locally stored snapshot (version 1, listing targets 7) is intermediate: only for the rollback check.
        let local = try repository.snapshot(version: 1, targetsVersion: 7)
        #expect(throws: TUFError.self) { try state.updateSnapshot(local, alreadyTrusted: true) }
        let older = try repository.snapshot(version: 2, targetsVersion: 6)
        #expect(
            rollback("a snapshot listing targets 6 after 7") { try state.updateSnapshot(older) }?.role == "targets.json"
        )
        let dropped = try repository.snapshot(version: 2, targetsVersion: nil)
        let refusal = rollback("a snapshot dropping targets.json") { try state.updateSnapshot(dropped) }
        #expect(refusal?.role == "snapshot")
        #expect(refusal?.reason.contains("targets.json") == true)
        try state.updateSnapshot(try repository.snapshot(version: 2, targetsVersion: 7))
        #expect(state.snapshot?.common.version == 2)
    }

    @Test func targetsMustHaveTheVersionSnapshotLists() throws {
        var state = try trusted()
        _ = try state.updateTimestamp(try repository.timestamp(version: 1, snapshotVersion: 1))
        try state.updateSnapshot(try repository.snapshot(version: 1, targetsVersion: 3))
        #expect(throws: TUFError.badVersion(role: "targets", reason: "snapshot lists version 3, got 2")) {
            try state.updateTargets(try repository.targets(version: 2))
        }
        try state.updateTargets(try repository.targets(version: 3))
    }

    // MARK: - Expiry

    @Test func anExpiredFinalRootIsRefusedBeforeTimestamp() throws {
        var state = try TrustedMetadataSet(
            trustedRoot: try repository.root(expires: TestTUFRepository.past),
            expiryCheck: .at(try TestTUFRepository.now()))
        #expect(throws: TUFError.expired(role: "final root")) {
            _ = try state.updateTimestamp(try repository.timestamp(version: 1, snapshotVersion: 1))
        }
        // An expired intermediate root is fine when a newer one follows.
        try state.updateRoot(try repository.root(version: 2))
        #expect(try state.updateTimestamp(try repository.timestamp(version: 1, snapshotVersion: 1)) == .updated)
    }

    @Test func expiredTimestampSnapshotAndTargetsAreRefused() throws {
        let past = TestTUFRepository.past
        var state = try trusted()
        #expect(throws: TUFError.expired(role: "timestamp")) {
            _ = try state.updateTimestamp(try repository.timestamp(version: 1, snapshotVersion: 1, expires: past))
        }
        state = try trusted()
        _ = try state.updateTimestamp(try repository.timestamp(version: 1, snapshotVersion: 1))
        #expect(throws: TUFError.expired(role: "snapshot")) {
            try state.updateSnapshot(try repository.snapshot(version: 1, targetsVersion: 1, expires: past))
        }
        state = try trusted()
        _ = try state.updateTimestamp(try repository.timestamp(version: 1, snapshotVersion: 1))
        try state.updateSnapshot(try repository.snapshot(version: 1, targetsVersion: 1))
        #expect(throws: TUFError.expired(role: "targets")) {
            try state.updateTargets(try repository.targets(version: 1, expires: past))
        }
    }

    /// Expiry is judged against the update's reference time: the same metadata passes when checking is skipped
    /// (offline inspection) and when the reference time is before the expiry.
    @Test func expiryDependsOnTheReferenceTime() throws {
        let past = TestTUFRepository.past
        for expiry in [TrustedMetadataSet.ExpiryCheck.skipped, .at(try TestTUFRepository.time("2000-06-01T00:00:00Z"))]
        {
            var state = try TrustedMetadataSet(trustedRoot: try repository.root(expires: past), expiryCheck: expiry)
            #expect(
                try state.updateTimestamp(try repository.timestamp(version: 1, snapshotVersion: 1, expires: past))
                    == .updated)
            try state.updateSnapshot(try repository.snapshot(version: 1, targetsVersion: 1, expires: past))
            try state.updateTargets(try repository.targets(version: 1, expires: past))
        }
        // Expiring exactly at the reference time counts as expired.
        var state = try TrustedMetadataSet(
            trustedRoot: try repository.root(), expiryCheck: .at(try TestTUFRepository.time(past)))
        #expect(throws: TUFError.expired(role: "timestamp")) {
            _ = try state.updateTimestamp(try repository.timestamp(version: 1, snapshotVersion: 1, expires: past))
        }
    }
}
