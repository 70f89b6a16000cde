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
    /// Step-specific facts (fee, destination, policy hash, ...).
    public let details: [String: String]
    /// SHA-256 (hex) of the previous entry's line, without its newline; 64 zeros for the first entry.
    public let previous: String

    enum CodingKeys: String, CodingKey {
        case sequence = "seq"
        case time, action, tool, inputs, outputs, txids, signers, details
        case previous = "prev"
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

    public init(
        action: String, inputs: [AuditEntry.FileRecord] = [], outputs: [AuditEntry.FileRecord] = [],
        txids: [String] = [], signers: [String] = [], details: [String: String] = [:]
    ) {
        self.action = action
        self.inputs = inputs
        self.outputs = outputs
        self.txids = txids
        self.signers = signers
        self.details = details
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
        line += " (" + (inputs + outputs).map(\.file).joined(separator: ", ") + ")"
        return line.escapingControlCharacters
    }
}
