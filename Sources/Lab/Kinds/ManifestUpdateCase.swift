internal import CustosCrypto
internal import CustosSupport
internal import FoundationEssentials
internal import ManifestProfile
internal import TUF

/// `manifest-update`: a TUF update from a repository folder at a fixed clock, as `custos manifest init` and
/// `custos manifest update` run it (`ManifestStore` with the directory fetcher), in a scratch store that starts with
/// the case's trusted root and previously trusted metadata and is deleted afterwards.
enum ManifestUpdateCase: LabCaseKind {
    static let name = "manifest-update"
    static let rootLimit = UpdaterConfiguration().rootMaximumLength
    static let previousFileLimit = UpdaterConfiguration().targetsMaximumLength
    static let previousFileCount = 256

    struct Input: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case trustedRoot = "trusted_root"
            case trustedRootSHA256 = "trusted_root_sha256"
            case repository, clock, previous
        }
        /// The root the client starts from, as pinned by `custos manifest init --root`.
        let trustedRoot: String
        let trustedRootSHA256: String?
        /// A folder with `metadata/` (and `targets/`) served as the remote repository.
        let repository: String
        /// `YYYY-MM-DDTHH:MM:SSZ`: "now" for every expiry check.
        let clock: String
        /// A folder of previously trusted metadata (`timestamp.json`, `snapshot.json`, ... as a client stores them).
        let previous: String?
    }

    enum Verdict: String, Decodable, Sendable {
        case trusted
        /// The update refused the repository (`custos manifest update` exit 1).
        case refused
        /// The trusted root itself cannot be read as a self-signed root (`custos manifest init` exit 2).
        case unparsable
    }

    /// A firmware approval the trusted targets must hold: `{"vendor", "model", "version", "fingerprint"}`.
    struct ApprovalExpectation: Decodable, Sendable {
        let vendor: String
        let model: String
        let version: String
        let fingerprint: String

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case vendor, model, version, fingerprint
        }

        init(from decoder: any Decoder) throws {
            try NestedFields.requireKnown(CodingKeys.allCases.map(\.rawValue), in: "an approval", decoder: decoder)
            let fields = try decoder.container(keyedBy: CodingKeys.self)
            vendor = try fields.decode(String.self, forKey: .vendor)
            model = try fields.decode(String.self, forKey: .model)
            version = try fields.decode(String.self, forKey: .version)
            fingerprint = try fields.decode(String.self, forKey: .fingerprint)
        }
    }

    struct Expected: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case verdict, versions, approvals
            case refusalContains = "refusal_contains"
        }
        let verdict: Verdict
        /// Trusted version by role name (`root`, `timestamp`, `snapshot`, `targets`, delegated roles).
        let versions: [String: Int64]?
        /// Exactly the approvals the trusted targets hold, in any order.
        let approvals: [ApprovalExpectation]?
        let refusalContains: [String]?
    }

    private struct Attempt {
        var verdict: Verdict
        var reasons: [String] = []
        var manifest: TrustedManifest?
    }

    static func run(input: Input, expected: Expected, context: CaseContext) async throws(LabCaseError) -> CaseOutcome {
        guard let clock = UTCTime(iso8601: input.clock) else {
            throw .invalidField(
                "input.clock must be a UTC time as YYYY-MM-DDTHH:MM:SSZ, got '\(input.clock.prefix(40))'")
        }
        let approvals = try expected.approvals.map { list throws(LabCaseError) in
            try list.map { approval throws(LabCaseError) in try approvalText(approval) }
        }
        let root = try context.read(
            "input.trusted_root", input.trustedRoot, pinnedSHA256: input.trustedRootSHA256, limit: rootLimit)
        let repository = try context.folder("input.repository", input.repository, containing: "metadata")
        let previous = try input.previous.map { reference throws(LabCaseError) in
            try previousFiles(try context.folder("input.previous", reference, containing: nil))
        }

        var outcome = CaseOutcome()
        outcome.record("trusted root", root.path)
        outcome.record("trusted root SHA-256", root.sha256)
        outcome.record("repository", repository)
        outcome.record("clock", clock.iso8601)
        let scratch = try ScratchFolder(prefix: "custos-lab-manifest")
        defer { scratch.remove() }
        let store = ManifestStore(folder: scratch.path)
        let attempt = update(store, root: root.bytes, previous: previous ?? [], repository: repository, clock: clock)
        record(attempt, store: store, into: &outcome)

        outcome.check("verdict", expected: expected.verdict.rawValue, actual: attempt.verdict.rawValue)
        let roles = attempt.manifest?.roles ?? []
        for (role, version) in (expected.versions ?? [:]).sorted(by: { $0.key < $1.key }) {
            outcome.check(
                "\(role) version", expected: "\(version)",
                actual: roles.first { $0.name == role }.map { "\($0.version)" } ?? "(not trusted)")
        }
        if let approvals {
            let actual = (attempt.manifest?.approvals ?? []).map { approval in
                "\(approval.vendor) \(approval.model) \(approval.version) \(approval.fingerprint)"
            }
            outcome.check(
                "approvals", expected: listText(approvals.sorted()), actual: listText(actual.sorted()))
        }
        outcome.checkProblems(expected.refusalContains, in: attempt.verdict == .trusted ? [] : attempt.reasons)
        return outcome
    }

    /// What `custos manifest init` and `custos manifest update` do, in `store`.
    private static func update(
        _ store: ManifestStore, root: [UInt8], previous: [(name: String, bytes: [UInt8])], repository: String,
        clock: UTCTime
    ) -> Attempt {
        do {
            _ = try store.initialize(trustedRoot: root)
        } catch {
            return Attempt(verdict: .unparsable, reasons: ["trusted root: \(error)"])
        }
        for file in previous {
            let path = store.metadataFolder + "/" + file.name
            guard FileManager.default.createFile(atPath: path, contents: Data(file.bytes)) else {
                return Attempt(verdict: .refused, reasons: ["cannot store previous metadata \(file.name) in \(path)"])
            }
        }
        do {
            return Attempt(verdict: .trusted, manifest: try store.update(from: repository, referenceTime: clock))
        } catch {
            return Attempt(verdict: .refused, reasons: [error.description])
        }
    }

    // MARK: - Inputs

    /// The metadata files of a previous-state folder (`*.json`), bounded like downloads. `root.json` is refused:
    /// the trusted root is `input.trusted_root`.
    private static func previousFiles(_ folder: String) throws(LabCaseError) -> [(name: String, bytes: [UInt8])] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
                .sorted()
        } catch {
            throw .unreadableFile(field: "input.previous", path: folder, reason: "\(error)")
        }
        guard names.count <= previousFileCount else {
            throw .invalidField("input.previous holds \(names.count) files; at most \(previousFileCount) are read")
        }
        guard !names.contains("root.json") else {
            throw .invalidField("input.previous must not hold root.json: the trusted root is input.trusted_root")
        }
        var files: [(name: String, bytes: [UInt8])] = []
        for name in names {
            let path = folder + "/" + name
            do {
                files.append((name, try LocalFile.regularFileContents(of: path, limit: previousFileLimit)))
            } catch {
                throw .reading(error, field: "input.previous", reference: name)
            }
        }
        return files
    }

    private static func approvalText(_ approval: ApprovalExpectation) throws(LabCaseError) -> String {
        let fingerprint = try CaseContext.hex(approval.fingerprint, field: "expected.approvals[].fingerprint")
        return "\(approval.vendor) \(approval.model) \(approval.version) \(fingerprint)"
    }

    private static func listText(_ items: [String]) -> String {
        items.isEmpty ? "(none)" : items.joined(separator: "; ")
    }

    // MARK: - Evidence

    private static func record(_ attempt: Attempt, store: ManifestStore, into outcome: inout CaseOutcome) {
        for reason in attempt.reasons { outcome.record(attempt.verdict == .unparsable ? "parse" : "refusal", reason) }
        let signers = TrustedSigners(store: store)
        guard let manifest = attempt.manifest else {
            // What the client holds after the refusal: the update keeps whatever verified before it.
            let held = signers.storedVersions.map { "\($0.role) v\($0.version)" }
            outcome.record("trusted after the refusal", held.isEmpty ? "(nothing)" : held.joined(separator: ", "))
            return
        }
        for role in manifest.roles {
            var text = "v\(role.version), expires \(role.expires.iso8601)" + (role.isExpired ? " (EXPIRED)" : "")
            if let signed = signers.signatures[role.name] {
                text += "; signed by \(signed.keyIDs.count) of \(signed.keyCount) keys (threshold \(signed.threshold))"
                if !signed.keyIDs.isEmpty { text += ": " + signed.keyIDs.joined(separator: ", ") }
            }
            outcome.record("role \(role.name)", text)
        }
        for delegation in signers.delegations { outcome.record("delegation", delegation) }
        for approval in manifest.approvals {
            let hashes = approval.hashes.map { "\($0.algorithm) \($0.hexDigest)" }.joined(separator: ", ")
            outcome.record(
                "approval \(approval.targetPath)",
                "\(approval.vendor) \(approval.model) \(approval.version) (min \(approval.minimumVersion), "
                    + "\(approval.channel)), fingerprint \(approval.fingerprint), \(approval.length) bytes, \(hashes)")
        }
        if let policy = manifest.policy {
            outcome.record(
                "migration policy",
                "\(MigrationPolicy.targetPath) stored and verified: network \(policy.network.rawValue), quorum "
                    + "\(policy.quorum) of \(policy.requiredCosigners.count), expires \(policy.expires)")
        } else {
            outcome.record("migration policy", "none")
        }
        for problem in manifest.problems { outcome.record("problem", problem) }
    }
}

/// Which keys signed each role in a store, re-verified from the stored bytes for the report (the updater counts
/// signatures only up to each threshold), and the versions stored.
private struct TrustedSigners {
    struct Signed {
        let keyIDs: [String]
        let keyCount: Int
        let threshold: Int64
    }

    var signatures: [String: Signed] = [:]
    /// `targets -> trezor (firmware/trezor/*/*)`, for each delegation whose role is stored.
    var delegations: [String] = []
    var storedVersions: [(role: String, version: Int64)] = []

    init(store: ManifestStore) {
        let configuration = UpdaterConfiguration()
        func envelope(_ role: String) -> SignedEnvelope? {
            store.metadata.read(role: role, limit: configuration.targetsMaximumLength).flatMap {
                try? SignedEnvelope(bytes: $0, role: role)
            }
        }
        guard let rootEnvelope = envelope(RootMetadata.roleName),
            let root = try? RootMetadata(rootEnvelope.signed)
        else { return }
        for name in ["root", "timestamp", "snapshot", "targets"] {
            guard let keys = root.roleKeys(for: name), let stored = envelope(name) else { continue }
            signatures[name] = Signed(
                keyIDs: stored.verifiedKeyIDs(of: keys, keys: root.keys), keyCount: keys.keyIDs.count,
                threshold: keys.threshold)
            if case .integer(let version)? = stored.signed["version"] { storedVersions.append((name, version)) }
        }
        // Delegations, from top-level targets down (each stored role once).
        var pending = [TargetsMetadata.typeName]
        var seen: Set<String> = []
        while let delegator = pending.popLast(), seen.count < 256 {
            guard seen.insert(delegator).inserted, let stored = envelope(delegator),
                let targets = try? TargetsMetadata(stored.signed, roleName: delegator),
                let delegated = targets.delegations
            else { continue }
            for role in delegated.roles {
                guard let child = envelope(role.name) else { continue }
                signatures[role.name] = Signed(
                    keyIDs: child.verifiedKeyIDs(of: role.keys, keys: delegated.keys),
                    keyCount: role.keys.keyIDs.count, threshold: role.keys.threshold)
                let paths = role.paths.map { $0.joined(separator: ", ") } ?? "hash prefixes"
                delegations.append("\(delegator) -> \(role.name) (\(paths))")
                pending.append(role.name)
            }
        }
    }
}
