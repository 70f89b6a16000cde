public import CustosSupport

// Metadata a repository serves is the repository's fault: every check of it refuses (exit 1), malformed metadata
// included. A store on this machine that cannot be used is `StoredManifestError` (exit 2).
extension TUFError: CodedFailure {
    public enum Codes {
        public static let malformed = FailureCode(
            "tuf.metadata.malformed", .refused, "Metadata a repository served is not well-formed TUF metadata.")
        public static let threshold = FailureCode(
            "tuf.metadata.threshold", .refused, "Metadata has fewer valid signatures than its role's threshold.")
        public static let version = FailureCode(
            "tuf.metadata.version", .refused, "A metadata version contradicts its file name, listing or root sequence.")
        public static let rollback = FailureCode(
            "tuf.metadata.rollback", .refused, "Metadata is older than the version already trusted, or a role vanished."
        )
        public static let expired = FailureCode(
            "tuf.metadata.expired", .refused, "Metadata expired before the update's reference time.")
        public static let missing = FailureCode(
            "tuf.metadata.missing", .refused, "Metadata needed for this step is not trusted yet or not listed.")
        public static let fileMismatch = FailureCode(
            "tuf.file.mismatch", .refused, "A file's length or hashes differ from what its metadata lists.")
        public static let targetUnlisted = FailureCode(
            "tuf.target.unlisted", .refused, "No trusted targets role lists the target path.")
        public static let delegation = FailureCode(
            "tuf.delegation", .refused, "A delegation is inconsistent (unknown delegator, role signed by another).")
        public static let storage = FailureCode(
            "tuf.store.io", .environment, "The local metadata or targets folder cannot be read or written.")
    }

    public var code: FailureCode {
        switch self {
        case .malformed: return Codes.malformed
        case .unsigned: return Codes.threshold
        case .badVersion: return Codes.version
        case .rollback: return Codes.rollback
        case .expired: return Codes.expired
        case .lengthOrHashMismatch: return Codes.fileMismatch
        case .download(let error): return error.code
        case .storage: return Codes.storage
        case .missing: return Codes.missing
        case .targetNotFound: return Codes.targetUnlisted
        case .delegation: return Codes.delegation
        }
    }

    public var context: [(key: String, value: String)] {
        switch self {
        case .malformed(let role, _), .unsigned(let role, _, _), .badVersion(let role, _), .rollback(let role, _),
            .expired(let role):
            return [("role", role)]
        case .lengthOrHashMismatch(let file, _): return [("file", file)]
        case .targetNotFound(let path): return [("target", path)]
        default: return []
        }
    }
}

extension FetchError: CodedFailure {
    public enum Codes {
        public static let notFound = FailureCode("fetch.not-found", .environment, "A repository file was not found.")
        public static let httpStatus = FailureCode(
            "fetch.http-status", .environment, "A repository answered an HTTP status outside 2xx.")
        public static let tooLarge = FailureCode(
            "fetch.too-large", .refused, "A download exceeded its length limit (endless-data defence).")
        public static let transport = FailureCode(
            "fetch.transport", .environment, "A download failed (connection, TLS, timeout, read error).")
        public static let location = FailureCode(
            "fetch.location", .environment, "A repository location cannot be fetched (scheme, `..` segments).")
    }

    public var code: FailureCode {
        switch self {
        case .notFound: return Codes.notFound
        case .httpStatus: return Codes.httpStatus
        case .tooLarge: return Codes.tooLarge
        case .transport: return Codes.transport
        case .invalidLocation: return Codes.location
        }
    }
}
