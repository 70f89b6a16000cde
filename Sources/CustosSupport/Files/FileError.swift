/// Why a file could not be read, locked or written. Every case names the file (or `standard output`, `-` for
/// standard input) and, where a system call failed, the system's reason, so each caller can word it its own way.
public enum FileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `open` found no such file or folder (ENOENT, ENOTDIR).
    case missing(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    /// A read that takes regular files only was given a folder, device, pipe or socket.
    case notARegularFile(path: String)
    case tooLarge(path: String, limit: Int)
    case cannotRead(path: String, reason: String)
    /// A regular file's size changed between measuring it and reading it to the end.
    case changedWhileReading(path: String)
    case cannotLock(path: String, reason: String)
    /// The temporary file of an atomic write to `path` could not be created in `folder`.
    case cannotCreateTemporaryFile(path: String, folder: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotCreateFolder(path: String, reason: String)
    case notAFolder(path: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .missing(let path, _), .cannotOpen(let path, _), .notARegularFile(let path), .tooLarge(let path, _),
            .cannotRead(let path, _), .changedWhileReading(let path), .cannotLock(let path, _),
            .cannotCreateTemporaryFile(let path, _, _), .cannotWrite(let path, _), .cannotCreateFolder(let path, _),
            .notAFolder(let path):
            return path
        }
    }

    /// What went wrong, without the file's name.
    public var reason: String {
        switch self {
        case .missing(_, let reason), .cannotOpen(_, let reason), .cannotRead(_, let reason),
            .cannotLock(_, let reason), .cannotCreateTemporaryFile(_, _, let reason), .cannotWrite(_, let reason),
            .cannotCreateFolder(_, let reason):
            return reason
        case .notARegularFile: return "not a regular file"
        case .tooLarge(_, let limit): return "larger than \(limit) bytes"
        case .changedWhileReading: return "the file changed while it was read"
        case .notAFolder: return "not a folder"
        }
    }

    public var description: String {
        switch self {
        case .missing(let path, let reason), .cannotOpen(let path, let reason):
            return "cannot open \(path): \(reason)"
        case .notARegularFile(let path): return "\(path) is not a regular file"
        case .tooLarge(let path, let limit): return "\(path) is larger than \(limit) bytes"
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        case .changedWhileReading(let path): return "\(path) changed while it was read"
        case .cannotLock(let path, let reason): return "cannot lock \(path): \(reason)"
        case .cannotCreateTemporaryFile(_, let folder, let reason):
            return "cannot create a temporary file in \(folder): \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .cannotCreateFolder(let path, let reason): return "cannot create folder \(path): \(reason)"
        case .notAFolder(let path): return "\(path) is not a folder"
        }
    }
}
