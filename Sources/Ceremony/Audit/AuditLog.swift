public import CustosSupport

/// The ceremony's audit trail: a file of JSON lines, one `AuditEntry` per step, each holding the SHA-256 of the
/// line before it. Entries are only ever appended, under an exclusive lock, and each append is fsynced before the
/// step reports success. `verify` detects any edited, reordered or removed entry; removing or editing the *last*
/// entries leaves a shorter valid chain, which only an anchor kept elsewhere can reveal: every append returns the
/// new head hash for the treasurer to record, and `verify(expectedHead:)` checks the log still holds that entry.
public struct AuditLog: Sendable {
    public let path: String
    /// Far above any ceremony's log; bounds what a hostile file can make us read.
    public static let maximumSize = 256 * 1024 * 1024

    public init(path: String) {
        self.path = path
    }

    /// The outcome of a verification.
    public struct Verification: Sendable {
        public let entries: [AuditEntry]
        /// SHA-256 of the last line (the genesis value for an empty log).
        public let head: String
        /// With an expected head: the entry it names (later entries were appended after the anchor was taken).
        public let anchoredEntry: Int?
    }

    /// The entry written and the new head.
    public struct Appended: Sendable {
        public let entry: AuditEntry
        public let head: String
    }

    /// Appends an entry for `record`, after checking the existing chain (a damaged log is never extended).
    @discardableResult
    public func append(
        _ record: AuditRecord, tool: String, time: UTCTime = SystemClock.now()
    ) throws(AuditLogError) -> Appended {
        let file: AppendOnlyFile
        do {
            file = try AppendOnlyFile(lockingForAppend: path)
        } catch {
            throw .cannotWrite(error.description)
        }
        let existing: [UInt8]
        do {
            existing = try file.contents(limit: Self.maximumSize)
        } catch {
            throw .unreadable(error.description)
        }
        var chain = try AuditChain(verifying: existing, expectedHead: nil)
        let (entry, line) = try chain.append(record, tool: tool, time: time)
        do {
            try file.appendAndSync(line + [0x0a])
        } catch {
            throw .cannotWrite(error.description)
        }
        return Appended(entry: entry, head: chain.head)
    }

    /// Reads and checks the whole log. With `expectedHead` (a head recorded earlier), the log must still contain
    /// the entry with that hash.
    public func verify(expectedHead: String? = nil) throws(AuditLogError) -> Verification {
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.contents(of: path, limit: Self.maximumSize)
        } catch {
            throw .unreadable(error.description)
        }
        return try Self.check(bytes, expectedHead: expectedHead)
    }

    static func check(_ bytes: [UInt8], expectedHead: String?) throws(AuditLogError) -> Verification {
        let chain = try AuditChain(verifying: bytes, expectedHead: expectedHead)
        return Verification(entries: chain.entries, head: chain.head, anchoredEntry: chain.anchoredEntry)
    }
}

/// Why the audit log could not be read, verified or extended.
public enum AuditLogError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(String)
    /// The chain is broken at entry `entry` (1-based).
    case damaged(entry: Int, reason: String)
    /// Entry `entry` (1-based) is JSON no reader can take one way only (a duplicated key).
    case unparsable(entry: Int, reason: String)
    /// The recorded head is not in the log.
    case anchorMismatch(String)
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .unreadable(let reason): return "audit log: \(reason)"
        case .damaged(let entry, let reason): return "audit log is damaged at entry \(entry): \(reason)"
        case .unparsable(let entry, let reason): return "audit log entry \(entry) is ambiguous JSON: \(reason)"
        case .anchorMismatch(let reason): return "audit log: \(reason)"
        case .cannotWrite(let reason): return "audit log: \(reason)"
        }
    }
}
