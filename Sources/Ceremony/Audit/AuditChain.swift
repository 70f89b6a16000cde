public import CustosSupport
internal import FoundationEssentials

/// The audit log's hash chain in memory: the rules `AuditLog` checks and extends on disk, also usable without a
/// file (the lab records a ceremony's chain this way).
public struct AuditChain: Sendable {
    public private(set) var entries: [AuditEntry] = []
    /// SHA-256 of the last line (the genesis value while empty).
    public private(set) var head = AuditEntry.genesis
    /// The entry whose hash is the expected head given when verifying (0: the empty log's genesis value).
    public private(set) var anchoredEntry: Int?

    public init() {}

    /// Reads and checks a log's bytes: every line a JSON entry ending in a newline, sequence numbers 1, 2, 3...,
    /// and each entry's `prev` the SHA-256 of the line before it. With `expectedHead`, some entry must hash to it.
    public init(verifying bytes: [UInt8], expectedHead: String? = nil) throws(AuditLogError) {
        if expectedHead == AuditEntry.genesis { anchoredEntry = 0 }
        var start = 0
        let decoder = JSONValueDecoder()
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
                entry = try decoder.decode(AuditEntry.self, from: line)
            } catch let error as JSONError where error.duplicateKey != nil {
                // Custos never writes one; which value a reader takes is up to the reader, so nothing is claimed.
                throw .unparsable(entry: number, reason: error.reason.escapingControlCharacters)
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
            if head == expectedHead { anchoredEntry = number }
        }
        if let expectedHead, anchoredEntry == nil {
            throw .anchorMismatch(
                "no entry of the log has the expected head \(expectedHead) (its head is now \(head) after "
                    + "\(entries.count) entries): the anchored entry or entries before it were removed or edited")
        }
    }

    /// Adds the entry for `record`; returns it with its line (JSON, no newline) as it must be written.
    public mutating func append(
        _ record: AuditRecord, tool: String, time: UTCTime
    ) throws(AuditLogError) -> (entry: AuditEntry, line: [UInt8]) {
        let entry = AuditEntry(
            sequence: entries.count + 1, time: time.iso8601, action: record.action, tool: tool,
            inputs: record.inputs, outputs: record.outputs, txids: record.txids, signers: record.signers,
            details: record.details, policy: record.policy, flags: record.flags, previous: head)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line: [UInt8]
        do {
            line = Array(try encoder.encode(entry))
        } catch {
            throw .cannotWrite("cannot encode the entry: \(error)")
        }
        entries.append(entry)
        head = SHA256Text.of(line)
        return (entry, line)
    }
}
