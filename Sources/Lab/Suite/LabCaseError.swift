internal import CustosSupport

/// Why a case could not be run as written: its file, a field, or a file it references. Such a case is reported as
/// failed with this reason, and the run goes on with the next case.
public enum LabCaseError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadableCaseFile(String)
    case malformedJSON(String)
    /// A field is missing, unknown, of the wrong type or has an invalid value; the text names the field.
    case invalidField(String)
    case unsupportedFormat(Int)
    case duplicateID(String, firstFile: String)
    /// `specified`: the kind is one of the suite format's kinds (Vectors/README.md) that this build does not run.
    case unsupportedKind(String, specified: Bool, implemented: [String])
    case missingFile(field: String, reference: String, path: String)
    case unreadableFile(field: String, path: String, reason: String)
    case fileTooLarge(field: String, path: String, limit: Int)
    /// The referenced file is not the one the case pinned with its SHA-256.
    case inputChanged(field: String, path: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case .unreadableCaseFile(let reason): return "cannot read the case file: \(reason)"
        case .malformedJSON(let reason): return "malformed case file: \(reason)"
        case .invalidField(let reason): return "invalid case file: \(reason)"
        case .unsupportedFormat(let version):
            return "case format version \(version) is not supported by this build (it reads version "
                + "\(LabCaseHeader.formatVersion))"
        case .duplicateID(let id, let firstFile): return "duplicate case id '\(id)', first defined in \(firstFile)"
        case .unsupportedKind(let kind, let specified, let implemented):
            let which = specified ? "specified in Vectors/README.md but not implemented by this build" : "unknown"
            return "unsupported case kind '\(kind)' (\(which); this build runs: "
                + implemented.joined(separator: ", ") + ")"
        case .missingFile(let field, let reference, let path):
            return "\(field): referenced file '\(reference)' does not exist (looked for \(path))"
        case .unreadableFile(let field, let path, let reason): return "\(field): cannot read \(path): \(reason)"
        case .fileTooLarge(let field, let path, let limit):
            return "\(field): \(path) is larger than the \(limit)-byte limit for this input"
        case .inputChanged(let field, let path, let expected, let actual):
            return "\(field): \(path) has SHA-256 \(actual), but the case pins \(expected): the input changed"
        }
    }
}

extension LabCaseError {
    /// The failure for a file a case references (`reference`, named in `field`) that could not be read.
    static func reading(_ error: FileError, field: String, reference: String) -> LabCaseError {
        switch error {
        case .missing(let path, _): return .missingFile(field: field, reference: reference, path: path)
        case .tooLarge(let path, let limit): return .fileTooLarge(field: field, path: path, limit: limit)
        default: return .unreadableFile(field: field, path: error.path, reason: error.reason)
        }
    }
}
