internal import CustosSupport

/// Why the TUF client refused metadata or a target, or could not complete an update.
///
/// Every case carries a message that names the role or file and the reason, so the CLI can print it as is.
public enum TUFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bytes that are not well-formed metadata of the expected shape.
    case malformed(role: String, reason: String)
    /// Fewer valid signatures than the threshold the delegator requires.
    case unsigned(role: String, validSignatures: Int, threshold: Int)
    /// A version that contradicts the URL, the snapshot or timestamp listing, or the root sequence.
    case badVersion(role: String, reason: String)
    /// A version lower than one already trusted, or a role that disappeared from snapshot.
    case rollback(role: String, reason: String)
    /// The metadata's `expires` is not after the update's reference time.
    case expired(role: String)
    /// Length or hashes do not match what the referring metadata lists.
    case lengthOrHashMismatch(file: String, reason: String)
    /// The download failed (not found, HTTP error, too large, transport error).
    case download(FetchError)
    /// Reading or writing the local metadata or target folders failed.
    case storage(String)
    /// The metadata needed for this step is not trusted yet, or not listed where it must be.
    case missing(String)
    /// No role in the delegation tree lists this target path.
    case targetNotFound(String)
    /// A delegation is inconsistent (unknown delegator, role reached through a delegator that does not sign it).
    case delegation(String)

    /// The message, with control characters escaped: reasons quote values from the metadata, which a hostile
    /// server chooses, and the CLI prints them.
    public var description: String { unescapedMessage.escapingControlCharacters }

    private var unescapedMessage: String {
        switch self {
        case .malformed(let role, let reason): return "\(role) metadata is malformed: \(reason)"
        case .unsigned(let role, let valid, let threshold):
            return "\(role) was signed by \(valid)/\(threshold) required keys"
        case .badVersion(let role, let reason): return "\(role) has a bad version: \(reason)"
        case .rollback(let role, let reason): return "rollback of \(role) refused: \(reason)"
        case .expired(let role): return "\(role) metadata is expired"
        case .lengthOrHashMismatch(let file, let reason): return "\(file): \(reason)"
        case .download(let error): return error.description
        case .storage(let reason): return reason
        case .missing(let reason): return reason
        case .targetNotFound(let path): return "target \(path) is not listed by any trusted targets role"
        case .delegation(let reason): return reason
        }
    }
}

extension TUFError {
    /// Runs a file operation of the store; a failure becomes `.storage` in the file error's own words.
    static func storing<Result>(_ operation: () throws(FileError) -> Result) throws(TUFError) -> Result {
        do {
            return try operation()
        } catch {
            throw .storage(error.description)
        }
    }
}
