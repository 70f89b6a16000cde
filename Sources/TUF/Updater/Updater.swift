public import CustosSupport

/// The TUF client: refreshes top-level metadata, searches the delegation tree for targets and downloads verified
/// target files. The workflow and its observable behaviour (requests made, files stored) follow python-tuf's
/// `ngclient.Updater`, which the tuf-conformance suite pins down.
///
/// Local metadata is loaded at the start of every update and serves as intermediate state for rollback checks even
/// when expired; a local file that no longer verifies (for example after a key rotation) is ignored, which gives
/// the specification's fast-forward recovery.
public struct Updater {
    public let store: MetadataStore
    public let metadataBase: String
    public let targetFolder: String?
    public let targetBase: String?
    public let configuration: UpdaterConfiguration
    private let fetcher: any Fetcher
    public private(set) var trusted: TrustedMetadataSet

    /// Loads the trusted root from `store` and fixes the update's reference time. Makes no request.
    public init(
        store: MetadataStore, metadataBase: String, targetFolder: String? = nil, targetBase: String? = nil,
        fetcher: any Fetcher, configuration: UpdaterConfiguration = UpdaterConfiguration(),
        referenceTime: UTCTime = SystemClock.now()
    ) throws(TUFError) {
        self.store = store
        self.metadataBase = RepositoryLocation.withTrailingSlash(metadataBase)
        self.targetFolder = targetFolder
        self.targetBase = targetBase.map(RepositoryLocation.withTrailingSlash)
        self.fetcher = fetcher
        self.configuration = configuration
        guard let rootBytes = store.read(role: RootMetadata.roleName, limit: configuration.rootMaximumLength) else {
            throw .storage("no trusted root at \(store.path(forRole: RootMetadata.roleName))")
        }
        trusted = try TrustedMetadataSet(trustedRoot: rootBytes, expiryCheck: .at(referenceTime))
    }

    // MARK: - Refresh

    /// Updates root, timestamp, snapshot and top-level targets. Whatever verified before a failure stays stored.
    public mutating func refresh() throws(TUFError) {
        try loadRoot()
        try loadTimestamp()
        try loadSnapshot()
        _ = try loadTargets(role: TargetsMetadata.typeName, delegator: RootMetadata.roleName)
    }

    private mutating func loadRoot() throws(TUFError) {
        var version = trusted.root.common.version
        for _ in 0..<configuration.maximumRootRotations {
            let (next, overflow) = version.addingReportingOverflow(1)
            if overflow { return }
            let bytes: [UInt8]
            do {
                bytes = try fetcher.fetch(
                    metadataLocation(role: RootMetadata.roleName, version: next),
                    maximumLength: configuration.rootMaximumLength)
            } catch {
                // Not found: the trusted root is the newest one.
                if case .notFound = error { return }
                throw .download(error)
            }
            try trusted.updateRoot(bytes)
            try store.write(role: RootMetadata.roleName, bytes: bytes)
            version = next
        }
    }

    private mutating func loadTimestamp() throws(TUFError) {
        if let local = store.read(role: TimestampMetadata.roleName, limit: configuration.timestampMaximumLength) {
            // A local timestamp that fails (expired, or signed by rotated-out keys) is only ignored.
            _ = try? trusted.updateTimestamp(local)
        }
        let bytes = try download(
            metadataLocation(role: TimestampMetadata.roleName, version: nil),
            limit: configuration.timestampMaximumLength)
        if try trusted.updateTimestamp(bytes) == .updated {
            try store.write(role: TimestampMetadata.roleName, bytes: bytes)
        }
    }

    private mutating func loadSnapshot() throws(TUFError) {
        guard let timestamp = trusted.timestamp else { throw .missing("no trusted timestamp") }
        let limit = Self.limit(timestamp.snapshotMeta.length, default: configuration.snapshotMaximumLength)
        if let local = store.read(role: SnapshotMetadata.roleName, limit: configuration.snapshotMaximumLength) {
            do {
                try trusted.updateSnapshot(local, alreadyTrusted: true)
                return  // the local snapshot is the current one: nothing to download
            } catch {
                // Not final (older, expired or no longer signed): fetch the current one below.
            }
        }
        let version = trusted.root.consistentSnapshot ? timestamp.snapshotMeta.version : nil
        let bytes = try download(metadataLocation(role: SnapshotMetadata.roleName, version: version), limit: limit)
        try trusted.updateSnapshot(bytes)
        try store.write(role: SnapshotMetadata.roleName, bytes: bytes)
    }

    /// Loads targets role `role` as delegated by `delegator`: already trusted (re-verified for this delegator),
    /// else the local copy if it is the current version, else a download.
    private mutating func loadTargets(role: String, delegator: String) throws(TUFError) -> TargetsMetadata {
        if trusted.targets(named: role) != nil {
            return try trusted.verifyTrustedRole(role, reachedThrough: delegator)
        }
        if let local = store.read(role: role, limit: configuration.targetsMaximumLength),
            let targets = try? trusted.updateDelegatedTargets(local, roleName: role, delegatorName: delegator)
        {
            return targets
        }
        guard let snapshot = trusted.snapshot else { throw .missing("no trusted snapshot") }
        guard let meta = snapshot.metaFile(forRole: role) else {
            throw .missing("role \(role) is delegated but not listed in snapshot")
        }
        let limit = Self.limit(meta.length, default: configuration.targetsMaximumLength)
        let version = trusted.root.consistentSnapshot ? meta.version : nil
        let bytes = try download(metadataLocation(role: role, version: version), limit: limit)
        let targets = try trusted.updateDelegatedTargets(bytes, roleName: role, delegatorName: delegator)
        try store.write(role: role, bytes: bytes)
        return targets
    }

    // MARK: - Target search

    /// Finds `targetPath` by a pre-order depth-first search of the delegation tree, loading delegated roles on the
    /// way (refreshing first if needed). Returns nil when no trusted role lists it.
    public mutating func targetInfo(for targetPath: String) throws(TUFError) -> TargetFile? {
        if trusted.targets(named: TargetsMetadata.typeName) == nil { try refresh() }
        return try TargetSearch.find(targetPath, maximumDelegations: configuration.maximumDelegations) {
            (role, delegator) throws(TUFError) -> TargetsMetadata? in
            try loadTargets(role: role, delegator: delegator)
        }
    }

    /// Loads every delegated role reachable from top-level targets (each once, at most `limit`), for listing all
    /// approvals. Roles missing from snapshot are skipped, as a search would never enter them either.
    public mutating func loadAllDelegatedRoles(limit: Int = 256) throws(TUFError) {
        if trusted.targets(named: TargetsMetadata.typeName) == nil { try refresh() }
        var stack: [(role: String, delegator: String)] = [(TargetsMetadata.typeName, RootMetadata.roleName)]
        var visited: Set<ExactString> = []
        while visited.count <= limit, let (role, delegator) = stack.popLast() {
            guard visited.insert(ExactString(role)).inserted else { continue }
            let targets: TargetsMetadata
            if let already = trusted.targets(named: role) {
                targets = already
            } else {
                guard trusted.snapshot?.metaFile(forRole: role) != nil else { continue }
                targets = try loadTargets(role: role, delegator: delegator)
            }
            let children = targets.delegations?.roles.map { ($0.name, role) } ?? []
            stack.append(contentsOf: children.reversed())
        }
    }

    // MARK: - Target files

    /// The local file for a target in the target folder: its path percent-encoded as one file name.
    public func localPath(for target: TargetFile) throws(TUFError) -> String {
        guard let targetFolder else { throw .storage("no target folder configured") }
        return RepositoryLocation.withTrailingSlash(targetFolder) + PercentEncoding.encodeComponent(target.path)
    }

    /// The local file if it already holds this exact target (length and every hash match), else nil.
    public func cachedTarget(_ target: TargetFile) -> String? {
        guard let path = try? localPath(for: target), target.length <= Int64(Int.max),
            let bytes = try? LocalFile.regularFileContents(of: path, limit: Int(target.length))
        else { return nil }
        guard (try? FileIntegrity.verify(bytes, length: target.length, hashes: target.hashes, file: path)) != nil
        else { return nil }
        return path
    }

    /// Downloads `target` (at most its listed length), verifies length and every hash, and stores it atomically.
    @discardableResult
    public func downloadTarget(_ target: TargetFile) throws(TUFError) -> String {
        guard let targetBase else { throw .storage("no target base URL configured") }
        let path = try localPath(for: target)
        var remotePath = target.path
        if trusted.root.consistentSnapshot && configuration.prefixTargetsWithHash, let hash = target.hashes.first {
            // The hash prefix goes on the last path segment: dir/<hash>.<name>.
            if let slash = remotePath.lastIndex(of: "/") {
                remotePath = remotePath[...slash] + hash.hexDigest + "." + remotePath[remotePath.index(after: slash)...]
            } else {
                remotePath = hash.hexDigest + "." + remotePath
            }
        }
        guard target.length <= Int64(Int.max) else {
            throw .lengthOrHashMismatch(file: target.path, reason: "listed length \(target.length) is too large")
        }
        let bytes = try download(targetBase + PercentEncoding.encodePath(remotePath), limit: Int(target.length))
        try FileIntegrity.verify(bytes, length: target.length, hashes: target.hashes, file: target.path)
        try TUFError.storing { () throws(FileError) in
            try LocalFile.makeFolder(LocalFile.parentFolder(of: path))
            try LocalFile.writeAtomically(bytes, to: path)
        }
        return path
    }

    // MARK: - Helpers

    /// `N.role.json` (version given) or `role.json`, with the role name percent-encoded like python-tuf.
    private func metadataLocation(role: String, version: Int64?) -> String {
        let name = PercentEncoding.encodeComponent(role)
        guard let version else { return metadataBase + name + ".json" }
        return metadataBase + "\(version).\(name).json"
    }

    private func download(_ location: String, limit: Int) throws(TUFError) -> [UInt8] {
        do {
            return try fetcher.fetch(location, maximumLength: limit)
        } catch {
            throw .download(error)
        }
    }

    private static func limit(_ listed: Int64?, default fallback: Int) -> Int {
        guard let listed else { return fallback }
        return Int(clamping: listed)
    }
}
