public import CustosSupport

extension AuditLogError: CodedFailure {
    public enum Codes {
        public static let unreadable = FailureCode(
            "audit.log.unreadable", .malformed, "The audit log cannot be read, or a line is not an audit entry.")
        public static let damaged = FailureCode(
            "audit.chain.broken", .refused, "The audit log's hash chain is broken: an entry was changed or removed.")
        public static let anchor = FailureCode(
            "audit.anchor.mismatch", .refused, "The head written down for the audit log is not in the log.")
        public static let unparsable = FailureCode(
            "audit.entry.ambiguous", .malformed,
            "An audit log entry is ambiguous JSON (a duplicated key, invalid UTF-8), so no one reading can agree on it."
        )
        public static let unwritable = FailureCode(
            "audit.log.unwritable", .environment, "An entry cannot be appended to the audit log.")
    }

    public var code: FailureCode {
        switch self {
        case .unreadable: return Codes.unreadable
        case .damaged: return Codes.damaged
        case .unparsable: return Codes.unparsable
        case .anchorMismatch: return Codes.anchor
        case .cannotWrite: return Codes.unwritable
        }
    }

    public var context: [(key: String, value: String)] {
        switch self {
        case .damaged(let entry, _), .unparsable(let entry, _): return [("entry", String(entry))]
        default: return []
        }
    }
}
