internal import FoundationEssentials
public import Manifest

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

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
        _ record: AuditRecord, tool: String, time: TUFTime = SystemClock.now()
    ) throws(AuditLogError) -> Appended {
        let opened: (descriptor: Int32, created: Bool)
        do {
            opened = try PosixFile.openLockedForAppend(path)
        } catch {
            throw .cannotWrite(error.description)
        }
        defer { close(opened.descriptor) }
        let existing: [UInt8]
        do {
            existing = try PosixFile.contents(of: opened.descriptor, path: path, limit: Self.maximumSize)
        } catch {
            throw .unreadable(error.description)
        }
        let chain = try Self.check(existing, expectedHead: nil)
        let entry = AuditEntry(
            sequence: chain.entries.count + 1, time: time.iso8601, action: record.action, tool: tool,
            inputs: record.inputs, outputs: record.outputs, txids: record.txids, signers: record.signers,
            details: record.details, previous: chain.head)
        let line = try Self.encode(entry)
        do {
            try PosixFile.appendAndSync(line + [0x0a], to: opened.descriptor, path: path)
        } catch {
            throw .cannotWrite(error.description)
        }
        if opened.created { PosixFile.syncParentFolder(of: path) }
        return Appended(entry: entry, head: SHA256Text.of(line))
    }

    /// Reads and checks the whole log. With `expectedHead` (a head recorded earlier), the log must still contain
    /// the entry with that hash.
    public func verify(expectedHead: String? = nil) throws(AuditLogError) -> Verification {
        let bytes: [UInt8]
        do {
            bytes = try PosixFile.contents(of: path, limit: Self.maximumSize)
        } catch {
            throw .unreadable(error.description)
        }
        return try Self.check(bytes, expectedHead: expectedHead)
    }

    /// The chain rules: every line a JSON entry ending in a newline, sequence numbers 1, 2, 3..., and each entry's
    /// `prev` the SHA-256 of the line before it.
    static func check(_ bytes: [UInt8], expectedHead: String?) throws(AuditLogError) -> Verification {
        var entries: [AuditEntry] = []
        var head = AuditEntry.genesis
        var anchored: Int? = expectedHead == AuditEntry.genesis ? 0 : nil
        var start = 0
        let decoder = JSONDecoder()
        while start < bytes.count {
            let number = entries.count + 1
            guard let newline = bytes[start...].firstIndex(of: 0x0a) else {
                throw .damaged(
                    entry: number,
                    reason: "the last line does not end with a newline (cut off mid-write, or edited)")
            }
            let line = Array(bytes[start..<newline])
            start = newline + 1
            let entry: AuditEntry
            do {
                entry = try decoder.decode(AuditEntry.self, from: Data(line))
            } catch {
                throw .damaged(entry: number, reason: "not a valid audit entry (edited?)")
            }
            guard entry.sequence == number else {
                throw .damaged(
                    entry: number,
                    reason: "it is numbered \(entry.sequence): entries were removed or reordered before it")
            }
            guard entry.previous == head else {
                throw .damaged(
                    entry: number,
                    reason: number == 1
                        ? "the first entry does not start the chain (entries were removed from the start)"
                        : "its prev hash does not match entry \(number - 1): entry \(number - 1) was edited, or "
                            + "entries were removed or reordered")
            }
            head = SHA256Text.of(line)
            entries.append(entry)
            if head == expectedHead { anchored = number }
        }
        if let expectedHead, anchored == nil {
            throw .anchorMismatch(
                "no entry of the log has the expected head \(expectedHead) (its head is now \(head) after "
                    + "\(entries.count) entries): the anchored entry or entries before it were removed or edited")
        }
        return Verification(entries: entries, head: head, anchoredEntry: anchored)
    }

    static func encode(_ entry: AuditEntry) throws(AuditLogError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(entry))
        } catch {
            throw .cannotWrite("cannot encode the entry: \(error)")
        }
    }
}

/// Why the audit log could not be read, verified or extended.
public enum AuditLogError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(String)
    /// The chain is broken at entry `entry` (1-based).
    case damaged(entry: Int, reason: String)
    /// The recorded head is not in the log.
    case anchorMismatch(String)
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .unreadable(let reason): return "audit log: \(reason)"
        case .damaged(let entry, let reason): return "audit log is damaged at entry \(entry): \(reason)"
        case .anchorMismatch(let reason): return "audit log: \(reason)"
        case .cannotWrite(let reason): return "audit log: \(reason)"
        }
    }
}
