internal import CustosSupport

/// One line of the audit log: what a ceremony step did, to which files, for which transactions, with whose
/// signatures, chained to the entry before it by that entry's SHA-256.
public struct AuditEntry: Codable, Sendable, Equatable {
    /// A file a step read or wrote, by path as given and SHA-256 of its bytes.
    public struct FileRecord: Codable, Sendable, Equatable {
        public let file: String
        public let sha256: String

        public init(file: String, sha256: String) {
            self.file = file
            self.sha256 = sha256
        }

        public init(file: String, bytes: [UInt8]) {
            self.init(file: file, sha256: SHA256Text.of(bytes))
        }
    }

    /// The migration policy a step enforced: the SHA-256 of its bytes, where it came from, and for a manifest's
    /// policy the versions of the trusted root and targets metadata it was read through.
    public struct PolicyRecord: Codable, Sendable, Equatable {
        public let sha256: String
        public let source: String
        public let manifestRootVersion: Int64?
        public let manifestTargetsVersion: Int64?

        public init(
            sha256: String, source: String, manifestRootVersion: Int64? = nil, manifestTargetsVersion: Int64? = nil
        ) {
            self.sha256 = sha256
            self.source = source
            self.manifestRootVersion = manifestRootVersion
            self.manifestTargetsVersion = manifestTargetsVersion
        }

        enum CodingKeys: String, CodingKey {
            case sha256, source
            case manifestRootVersion = "manifest_root_version"
            case manifestTargetsVersion = "manifest_targets_version"
        }
    }

    /// 1 for the first entry, then one more per entry: a removed or reordered entry breaks the count.
    public let sequence: Int
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    public let time: String
    /// `plan`, `combine`, `finalize`, `extract`, `bump`.
    public let action: String
    /// The program and version that wrote the entry.
    public let tool: String
    public let inputs: [FileRecord]
    public let outputs: [FileRecord]
    /// Unsigned txids for PSBTs, the txid of an extracted transaction.
    public let txids: [String]
    /// Fingerprints of the cosigners whose valid signatures the step saw.
    public let signers: [String]
    /// Step-specific facts (fee, destination, ...).
    public let details: [String: String]
    /// The policy the step enforced; nil when it ran without one (written as `"policy": null`).
    public let policy: PolicyRecord?
    /// The options that loosened a check (`--allow-sighash`, `--trust-finalized`, `--allow-high-fee`).
    public let flags: [String]
    /// SHA-256 (hex) of the previous entry's line, without its newline; 64 zeros for the first entry.
    public let previous: String

    enum CodingKeys: String, CodingKey {
        case sequence = "seq"
        case time, action, tool, inputs, outputs, txids, signers, details, policy, flags
        case previous = "prev"
    }

    public init(
        sequence: Int, time: String, action: String, tool: String, inputs: [FileRecord], outputs: [FileRecord],
        txids: [String], signers: [String], details: [String: String], policy: PolicyRecord?, flags: [String],
        previous: String
    ) {
        self.sequence = sequence
        self.time = time
        self.action = action
        self.tool = tool
        self.inputs = inputs
        self.outputs = outputs
        self.txids = txids
        self.signers = signers
        self.details = details
        self.policy = policy
        self.flags = flags
        self.previous = previous
    }

    /// Entries written before `policy` and `flags` were recorded read as having neither.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try container.decode(Int.self, forKey: .sequence)
        time = try container.decode(String.self, forKey: .time)
        action = try container.decode(String.self, forKey: .action)
        tool = try container.decode(String.self, forKey: .tool)
        inputs = try container.decode([FileRecord].self, forKey: .inputs)
        outputs = try container.decode([FileRecord].self, forKey: .outputs)
        txids = try container.decode([String].self, forKey: .txids)
        signers = try container.decode([String].self, forKey: .signers)
        details = try container.decode([String: String].self, forKey: .details)
        policy = try container.decodeIfPresent(PolicyRecord.self, forKey: .policy)
        flags = try container.decodeIfPresent([String].self, forKey: .flags) ?? []
        previous = try container.decode(String.self, forKey: .previous)
    }

    /// Every key always written: a step without a policy says so with `"policy": null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(time, forKey: .time)
        try container.encode(action, forKey: .action)
        try container.encode(tool, forKey: .tool)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(txids, forKey: .txids)
        try container.encode(signers, forKey: .signers)
        try container.encode(details, forKey: .details)
        try container.encode(policy, forKey: .policy)
        try container.encode(flags, forKey: .flags)
        try container.encode(previous, forKey: .previous)
    }

    public static let genesis = String(repeating: "0", count: 64)
}

/// What a ceremony step asks the log to record; the log adds the sequence number, the time and the chain.
public struct AuditRecord: Sendable {
    public var action: String
    public var inputs: [AuditEntry.FileRecord]
    public var outputs: [AuditEntry.FileRecord]
    public var txids: [String]
    public var signers: [String]
    public var details: [String: String]
    public var policy: AuditEntry.PolicyRecord?
    public var flags: [String]

    public init(
        action: String, inputs: [AuditEntry.FileRecord] = [], outputs: [AuditEntry.FileRecord] = [],
        txids: [String] = [], signers: [String] = [], details: [String: String] = [:],
        policy: AuditEntry.PolicyRecord? = nil, flags: [String] = []
    ) {
        self.action = action
        self.inputs = inputs
        self.outputs = outputs
        self.txids = txids
        self.signers = signers
        self.details = details
        self.policy = policy
        self.flags = flags
    }
}

extension AuditEntry {
    /// One line for `audit verify`: number, time, action, the first txids, signers and files. Every field comes
    /// from the log file, which anyone with write access could have rewritten (the chain proves nothing without an
    /// outside anchor), so control characters are escaped: they must not reach the terminal.
    public var summary: String {
        var line = "#\(sequence) \(time) \(action)"
        if !txids.isEmpty {
            line += " txid " + txids.prefix(3).joined(separator: ", ") + (txids.count > 3 ? ", ..." : "")
        }
        if !signers.isEmpty { line += " signers " + signers.joined(separator: ", ") }
        line += policy.map { " policy sha256 \($0.sha256)" } ?? " no policy"
        if !flags.isEmpty { line += " flags " + flags.joined(separator: " ") }
        line += " (" + (inputs + outputs).map(\.file).joined(separator: ", ") + ")"
        return line.escapingControlCharacters
    }
}
