public import CustosSupport
public import TUF

/// The manifest as trusted on this machine, read offline from a `ManifestStore`: every signature, version, length
/// and hash is re-verified from the pinned root down; expiry is reported per role rather than thrown, so `show` can
/// display an expired manifest, while `isExpired` and `check` refuse to approve anything from one.
public struct TrustedManifest: Sendable {
    /// Version and expiry of one trusted role.
    public struct RoleStatus: Sendable, Equatable {
        public let name: String
        public let version: Int64
        public let expires: UTCTime
        public let isExpired: Bool
    }

    /// Outcome of checking a firmware image against the manifest.
    public enum Verdict: Sendable, Equatable {
        case approved(FirmwareApproval)
        case rejected(reasons: [String])
    }

    public let referenceTime: UTCTime
    /// root, timestamp, snapshot, targets, then delegated roles in name order.
    public let roles: [RoleStatus]
    /// Firmware approvals, by vendor, model and then newest version first.
    public let approvals: [FirmwareApproval]
    /// The migration policy, if the manifest lists one and its file is stored and matches.
    public let policy: MigrationPolicy?
    /// Entries that claim the Custos profile but break it, and a policy that could not be used.
    public let problems: [String]

    /// True when any trusted role has expired at `referenceTime` (a freeze attack cannot be ruled out).
    public var isExpired: Bool { roles.contains { $0.isExpired } }

    /// Loads and verifies the stored manifest.
    public static func load(
        from store: ManifestStore, referenceTime: UTCTime = SystemClock.now()
    ) throws(TUFError)
        -> TrustedManifest
    {
        let configuration = UpdaterConfiguration()
        let files = store.metadata
        func stored(_ role: String, _ limit: Int) throws(TUFError) -> [UInt8] {
            guard let bytes = files.read(role: role, limit: limit) else {
                throw .missing("no trusted \(role) metadata in \(files.folder)")
            }
            return bytes
        }
        var trusted = try TrustedMetadataSet(
            trustedRoot: try stored(RootMetadata.roleName, configuration.rootMaximumLength), expiryCheck: .skipped)
        _ = try trusted.updateTimestamp(try stored(TimestampMetadata.roleName, configuration.timestampMaximumLength))
        try trusted.updateSnapshot(try stored(SnapshotMetadata.roleName, configuration.snapshotMaximumLength))
        try trusted.updateTargets(try stored(TargetsMetadata.typeName, configuration.targetsMaximumLength))
        var problems: [String] = []
        // Every delegated role stored and listed in snapshot, reached in pre-order from top-level targets.
        var stack: [(role: String, delegator: String)] = [(TargetsMetadata.typeName, RootMetadata.roleName)]
        var visited: Set<ExactString> = []
        while let (role, delegator) = stack.popLast(), visited.count < 1_024 {
            guard visited.insert(ExactString(role)).inserted else { continue }
            if trusted.targets(named: role) == nil {
                guard let bytes = files.read(role: role, limit: configuration.targetsMaximumLength) else {
                    problems.append("delegated role \(role) is not stored; its targets are not listed")
                    continue
                }
                do {
                    try trusted.updateDelegatedTargets(bytes, roleName: role, delegatorName: delegator)
                } catch {
                    problems.append("delegated role \(role) is not trusted: \(error)")
                    continue
                }
            }
            let children = trusted.targets(named: role)?.delegations?.roles.map { ($0.name, role) } ?? []
            stack.append(contentsOf: children.reversed())
        }
        return TrustedManifest(trusted: trusted, store: store, referenceTime: referenceTime, problems: problems)
    }

    private init(trusted: TrustedMetadataSet, store: ManifestStore, referenceTime: UTCTime, problems: [String]) {
        self.referenceTime = referenceTime
        var problems = problems
        var roles: [RoleStatus] = []
        func status(_ name: String, _ common: CommonFields) -> RoleStatus {
            RoleStatus(
                name: name, version: common.version, expires: common.expires,
                isExpired: common.isExpired(at: referenceTime))
        }
        roles.append(status(RootMetadata.roleName, trusted.root.common))
        if let timestamp = trusted.timestamp { roles.append(status(TimestampMetadata.roleName, timestamp.common)) }
        if let snapshot = trusted.snapshot { roles.append(status(SnapshotMetadata.roleName, snapshot.common)) }
        let targetsNames = trusted.trustedTargetsRoleNames
        if let targets = trusted.targets(named: TargetsMetadata.typeName) {
            roles.append(status(TargetsMetadata.typeName, targets.common))
        }
        for name in targetsNames where name != TargetsMetadata.typeName {
            if let role = trusted.targets(named: name) { roles.append(status(name, role.common)) }
        }
        self.roles = roles

        // Resolve every listed path through the delegation search, so precedence, path restrictions and
        // terminating delegations apply exactly as they do for a download.
        // A role that is not stored, or reached through a delegator whose keys do not sign it, ends the search.
        var working = trusted
        let limit = UpdaterConfiguration().maximumDelegations
        var paths: Set<ExactString> = []
        for name in targetsNames {
            for path in trusted.targets(named: name)?.targets.keys ?? [:].keys { paths.insert(path) }
        }
        var approvals: [FirmwareApproval] = []
        var policyTarget: TargetFile?
        for path in paths.sorted() {
            let found = try? TargetSearch.find(path.string, maximumDelegations: limit) {
                (role, delegator) throws(TUFError) -> TargetsMetadata? in
                guard working.targets(named: role) != nil else { return nil }
                return try working.verifyTrustedRole(role, reachedThrough: delegator)
            }
            guard let target = found ?? nil else { continue }
            guard CustosBlock.isPresent(in: target) else { continue }
            if path.string == MigrationPolicy.targetPath {
                policyTarget = target
                continue
            }
            do {
                approvals.append(try FirmwareApproval(target: target))
            } catch {
                problems.append(error.description)
            }
        }
        self.approvals = approvals.sorted { lhs, rhs in
            if lhs.vendor != rhs.vendor { return lhs.vendor < rhs.vendor }
            if lhs.model != rhs.model { return lhs.model < rhs.model }
            if lhs.version != rhs.version { return lhs.version > rhs.version }
            return lhs.targetPath < rhs.targetPath
        }
        policy = Self.loadPolicy(policyTarget, store: store, problems: &problems)
        self.problems = problems
    }

    private static func loadPolicy(
        _ target: TargetFile?, store: ManifestStore, problems: inout [String]
    )
        -> MigrationPolicy?
    {
        guard let target else { return nil }
        guard
            case .string(MigrationPolicy.kind)? =
                (target.custom.flatMap { custom -> JSONValue? in
                    if case .object(let object) = custom, case .object(let custos)? = object["custos"] {
                        return custos["kind"]
                    }
                    return nil
                })
        else {
            problems.append("\(target.path): custom.custos.kind must be \(MigrationPolicy.kind)")
            return nil
        }
        let path = store.storedTargetPath(target.path)
        guard let bytes = try? LocalFile.regularFileContents(of: path, limit: MigrationPolicy.maximumFileLength) else {
            problems.append("\(target.path) is listed but not stored; run `custos manifest update`")
            return nil
        }
        do {
            try FileIntegrity.verify(bytes, length: target.length, hashes: target.hashes, file: target.path)
            return try MigrationPolicy.parse(bytes)
        } catch let error as TUFError {
            problems.append("stored \(target.path) does not match the manifest: \(error)")
        } catch {
            problems.append("\(error)")
        }
        return nil
    }

    // MARK: - Queries

    /// Approvals for one device model, newest first.
    public func approvals(vendor: String, model: String) -> [FirmwareApproval] {
        approvals.filter { $0.vendor == vendor && $0.model == model }
    }

    /// The anti-rollback floor for a model: the highest `min_version` among its approvals.
    public func minimumVersion(vendor: String, model: String) -> DottedVersion? {
        approvals(vendor: vendor, model: model).map(\.minimumVersion).max()
    }

    /// Decides whether an image (identified by its vendor fingerprint) may be installed on a model. Approved only if
    /// the manifest has not expired, an approval lists this fingerprint and version for the model, the version is
    /// not below the model's floor, and (when given) not below the version the device runs now.
    public func check(
        vendor: String, model: String, version: DottedVersion, fingerprint: String,
        installedVersion: DottedVersion? = nil
    ) -> Verdict {
        var reasons: [String] = []
        let expired = roles.filter(\.isExpired).map(\.name)
        if !expired.isEmpty {
            reasons.append("the manifest has expired (\(expired.joined(separator: ", ")))")
        }
        let candidates = approvals(vendor: vendor, model: model)
        let match = candidates.first {
            $0.fingerprint == fingerprint.lowercased() && $0.version == version
        }
        if match == nil {
            reasons.append(
                candidates.isEmpty
                    ? "the manifest approves no firmware for \(vendor) \(model)"
                    : "\(vendor) \(model) \(version) with fingerprint \(fingerprint.lowercased()) is not approved")
        }
        if let floor = minimumVersion(vendor: vendor, model: model), version < floor {
            reasons.append("version \(version) is below the approved minimum \(floor) (anti-rollback)")
        }
        if let installedVersion, version < installedVersion {
            reasons.append("version \(version) would downgrade the installed \(installedVersion)")
        }
        if let match, reasons.isEmpty { return .approved(match) }
        return .rejected(reasons: reasons)
    }
}
