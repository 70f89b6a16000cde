public import CustosSupport

/// The client's trusted metadata through one update, following the TUF specification's client workflow (the same
/// state machine as python-tuf's `TrustedMetadataSet`).
///
/// Rules it keeps:
/// - Metadata is loaded in order root → timestamp → snapshot → targets → delegated targets.
/// - Root, timestamp and snapshot may be loaded as *intermediate* metadata (expired, or a snapshot whose version
///   differs from timestamp's listing): such metadata only serves the rollback checks of its successor, and it
///   blocks loading the next role until replaced.
/// - Every signature check counts distinct key ids against the delegator's threshold.
/// - A delegated role already trusted through one delegator is re-verified when another delegator reaches it, so it
///   never inherits authority from an earlier search path.
public struct TrustedMetadataSet: Sendable {
    /// When expiry is judged: the fixed reference time of the update, or not at all (offline inspection, which
    /// reports expiry itself).
    public enum ExpiryCheck: Sendable {
        case at(UTCTime)
        case skipped
    }

    /// Result of offering a new timestamp.
    public enum TimestampUpdate: Sendable, Equatable {
        case updated
        /// Same version as the trusted one: the trusted one is kept (python-tuf's `EqualVersionNumberError`).
        case unchanged
    }

    struct TrustedTargets: Sendable {
        let metadata: TargetsMetadata
        let envelope: SignedEnvelope
        /// Delegators whose keys have verified this role in this update.
        var verifiedBy: Set<ExactString>
    }

    public let expiryCheck: ExpiryCheck
    public private(set) var root: RootMetadata
    public private(set) var timestamp: TimestampMetadata?
    public private(set) var snapshot: SnapshotMetadata?
    private(set) var targetsRoles: [ExactString: TrustedTargets] = [:]

    /// Loads the locally trusted root. It is verified only by itself (it is the anchor); its expiry is checked
    /// later, once no newer root is available.
    public init(trustedRoot bytes: [UInt8], expiryCheck: ExpiryCheck) throws(TUFError) {
        self.expiryCheck = expiryCheck
        let envelope = try Self.envelope(bytes, role: RootMetadata.roleName, expectedType: RootMetadata.roleName)
        let root = try RootMetadata(envelope.signed)
        try envelope.verifyThreshold(role: root.root, keys: root.keys, roleName: RootMetadata.roleName)
        self.root = root
    }

    /// The trusted top-level or delegated targets role with this name.
    public func targets(named name: String) -> TargetsMetadata? {
        targetsRoles[ExactString(name)]?.metadata
    }

    /// Names of the targets roles trusted so far (top-level `targets` included).
    public var trustedTargetsRoleNames: [String] {
        targetsRoles.keys.sorted().map(\.string)
    }

    private func isExpired(_ common: CommonFields) -> Bool {
        guard case .at(let time) = expiryCheck else { return false }
        return common.isExpired(at: time)
    }

    private static func envelope(
        _ bytes: [UInt8], role: String, expectedType: String
    ) throws(TUFError)
        -> SignedEnvelope
    {
        let envelope = try SignedEnvelope(bytes: bytes, role: role)
        guard let type = envelope.type, UTF8Bytes.equal(type, expectedType) else {
            throw .malformed(
                role: role, reason: "expected _type \"\(expectedType)\", got \"\(envelope.type ?? "none")\"")
        }
        return envelope
    }

    // MARK: - Root

    /// Verifies `bytes` as the next root: signed by a threshold of the current root's root keys *and* of its own,
    /// with version exactly one more. An expired intermediate root is accepted.
    @discardableResult
    public mutating func updateRoot(_ bytes: [UInt8]) throws(TUFError) -> RootMetadata {
        guard timestamp == nil else { throw .missing("root cannot be updated after timestamp") }
        let envelope = try Self.envelope(bytes, role: RootMetadata.roleName, expectedType: RootMetadata.roleName)
        try envelope.verifyThreshold(role: root.root, keys: root.keys, roleName: "root (by the trusted root's keys)")
        let newRoot = try RootMetadata(envelope.signed)
        let (expected, overflow) = root.common.version.addingReportingOverflow(1)
        guard !overflow, newRoot.common.version == expected else {
            throw .badVersion(
                role: RootMetadata.roleName,
                reason: "expected version \(root.common.version) + 1, got \(newRoot.common.version)")
        }
        try envelope.verifyThreshold(role: newRoot.root, keys: newRoot.keys, roleName: "root (by its own keys)")
        root = newRoot
        return newRoot
    }

    // MARK: - Timestamp

    /// Verifies `bytes` as timestamp. A lower version than the trusted one is a rollback; an equal version leaves
    /// the trusted one in place. An expired timestamp is kept as intermediate (for the next rollback check) but
    /// throws.
    public mutating func updateTimestamp(_ bytes: [UInt8]) throws(TUFError) -> TimestampUpdate {
        guard snapshot == nil else { throw .missing("timestamp cannot be updated after snapshot") }
        // The final root must not be expired (freeze attack): this is the first step after the root loop.
        if isExpired(root.common) { throw .expired(role: "final root") }
        let envelope = try Self.envelope(
            bytes, role: TimestampMetadata.roleName, expectedType: TimestampMetadata.roleName)
        try envelope.verifyThreshold(role: root.timestamp, keys: root.keys, roleName: TimestampMetadata.roleName)
        let newTimestamp = try TimestampMetadata(envelope.signed)
        if let trusted = timestamp {
            if newTimestamp.common.version < trusted.common.version {
                throw .rollback(
                    role: TimestampMetadata.roleName,
                    reason: "version \(newTimestamp.common.version) is lower than trusted \(trusted.common.version)")
            }
            if newTimestamp.common.version == trusted.common.version { return .unchanged }
            if newTimestamp.snapshotMeta.version < trusted.snapshotMeta.version {
                throw .rollback(
                    role: SnapshotMetadata.roleName,
                    reason: "timestamp lists snapshot version \(newTimestamp.snapshotMeta.version), lower than "
                        + "trusted \(trusted.snapshotMeta.version)")
            }
        }
        timestamp = newTimestamp
        try checkFinalTimestamp()
        return .updated
    }

    private func checkFinalTimestamp() throws(TUFError) {
        guard let timestamp else { throw .missing("no trusted timestamp") }
        if isExpired(timestamp.common) { throw .expired(role: TimestampMetadata.roleName) }
    }

    // MARK: - Snapshot

    /// Verifies `bytes` as snapshot. `alreadyTrusted` skips the length and hash check against timestamp's listing,
    /// for a local copy verified when it was stored (so an older local snapshot still serves rollback checks).
    public mutating func updateSnapshot(_ bytes: [UInt8], alreadyTrusted: Bool = false) throws(TUFError) {
        guard let timestamp else { throw .missing("snapshot cannot be loaded before timestamp") }
        guard targetsRoles.isEmpty else { throw .missing("snapshot cannot be updated after targets") }
        try checkFinalTimestamp()
        if !alreadyTrusted {
            try FileIntegrity.verify(
                bytes, length: timestamp.snapshotMeta.length, hashes: timestamp.snapshotMeta.hashes,
                file: "snapshot.json")
        }
        let envelope = try Self.envelope(
            bytes, role: SnapshotMetadata.roleName, expectedType: SnapshotMetadata.roleName)
        try envelope.verifyThreshold(role: root.snapshot, keys: root.keys, roleName: SnapshotMetadata.roleName)
        let newSnapshot = try SnapshotMetadata(envelope.signed)
        if let trusted = snapshot {
            for (file, entry) in trusted.meta {
                guard let newEntry = newSnapshot.meta[file] else {
                    throw .rollback(role: SnapshotMetadata.roleName, reason: "new snapshot no longer lists \(file)")
                }
                if newEntry.version < entry.version {
                    throw .rollback(
                        role: file.string,
                        reason: "snapshot lists version \(newEntry.version), lower than trusted \(entry.version)")
                }
            }
        }
        snapshot = newSnapshot
        try checkFinalSnapshot()
    }

    private func checkFinalSnapshot() throws(TUFError) {
        guard let snapshot, let timestamp else { throw .missing("no trusted snapshot") }
        if isExpired(snapshot.common) { throw .expired(role: SnapshotMetadata.roleName) }
        guard snapshot.common.version == timestamp.snapshotMeta.version else {
            throw .badVersion(
                role: SnapshotMetadata.roleName,
                reason: "timestamp lists version \(timestamp.snapshotMeta.version), got \(snapshot.common.version)")
        }
    }

    // MARK: - Targets

    /// Verifies `bytes` as the top-level targets role.
    @discardableResult
    public mutating func updateTargets(_ bytes: [UInt8]) throws(TUFError) -> TargetsMetadata {
        try updateDelegatedTargets(bytes, roleName: TargetsMetadata.typeName, delegatorName: RootMetadata.roleName)
    }

    /// Verifies `bytes` as targets role `roleName`, signed as `delegatorName` (root for top-level targets)
    /// requires, with the length, hashes and version snapshot lists.
    @discardableResult
    public mutating func updateDelegatedTargets(
        _ bytes: [UInt8], roleName: String, delegatorName: String
    ) throws(TUFError) -> TargetsMetadata {
        guard let snapshot else { throw .missing("targets cannot be loaded before snapshot") }
        try checkFinalSnapshot()
        let (roleKeys, keys) = try delegation(of: roleName, by: delegatorName)
        guard let meta = snapshot.metaFile(forRole: roleName) else {
            throw .missing("snapshot does not list \(roleName).json")
        }
        try FileIntegrity.verify(bytes, length: meta.length, hashes: meta.hashes, file: "\(roleName).json")
        let envelope = try Self.envelope(bytes, role: roleName, expectedType: TargetsMetadata.typeName)
        try envelope.verifyThreshold(role: roleKeys, keys: keys, roleName: roleName)
        let targets = try TargetsMetadata(envelope.signed, roleName: roleName)
        guard targets.common.version == meta.version else {
            throw .badVersion(
                role: roleName, reason: "snapshot lists version \(meta.version), got \(targets.common.version)")
        }
        if isExpired(targets.common) { throw .expired(role: roleName) }
        targetsRoles[ExactString(roleName)] = TrustedTargets(
            metadata: targets, envelope: envelope, verifiedBy: [ExactString(delegatorName)])
        return targets
    }

    /// For a role already trusted in this update, checks that `delegatorName` also accepts its signatures before
    /// it is used on this delegator's path ("diamond" delegations).
    public mutating func verifyTrustedRole(
        _ roleName: String, reachedThrough delegatorName: String
    ) throws(TUFError)
        -> TargetsMetadata
    {
        let name = ExactString(roleName)
        guard var trusted = targetsRoles[name] else { throw .missing("\(roleName) is not trusted yet") }
        let delegator = ExactString(delegatorName)
        if !trusted.verifiedBy.contains(delegator) {
            let (roleKeys, keys) = try delegation(of: roleName, by: delegatorName)
            do {
                try trusted.envelope.verifyThreshold(role: roleKeys, keys: keys, roleName: roleName)
            } catch {
                throw .delegation("\(roleName) is not signed by the keys \(delegatorName) delegates to it: \(error)")
            }
            trusted.verifiedBy.insert(delegator)
            targetsRoles[name] = trusted
        }
        return trusted.metadata
    }

    /// The keys and threshold `delegatorName` requires for `roleName`, and the key set to look them up in.
    private func delegation(
        of roleName: String, by delegatorName: String
    ) throws(TUFError)
        -> (RoleKeys, [ExactString: TUFKey])
    {
        if UTF8Bytes.equal(delegatorName, RootMetadata.roleName) {
            guard let roleKeys = root.roleKeys(for: roleName) else {
                throw .delegation("root does not delegate to \(roleName)")
            }
            return (roleKeys, root.keys)
        }
        guard let delegator = targetsRoles[ExactString(delegatorName)]?.metadata else {
            throw .delegation("delegator \(delegatorName) of \(roleName) is not trusted")
        }
        guard let delegations = delegator.delegations,
            let roleKeys = delegations.roleKeys(forDelegatedRole: roleName)
        else { throw .delegation("\(delegatorName) does not delegate to \(roleName)") }
        return (roleKeys, delegations.keys)
    }
}
