#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The few file operations the ceremony library needs (bounded reads, the audit log's locked, fsynced appends),
/// with POSIX calls only: no Foundation in library modules. Every C error becomes a `PosixFileError` here.
enum PosixFile {
    /// Reads a whole file, refusing one larger than `limit` bytes without reading past the limit.
    static func contents(of path: String, limit: Int) throws(PosixFileError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: lastError()) }
        defer { close(descriptor) }
        return try contents(of: descriptor, path: path, limit: limit)
    }

    static func contents(of descriptor: Int32, path: String, limit: Int) throws(PosixFileError) -> [UInt8] {
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, reason: lastError())
            }
            guard contents.count + count <= limit else { throw .tooLarge(path: path, limit: limit) }
            contents.append(contentsOf: chunk[..<count])
        }
        return contents
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Opens (creating with mode 0600 when missing) a file for appending and takes an exclusive lock on it, so two
    /// ceremony steps writing one log cannot interleave. Returns the descriptor and whether the file was created.
    static func openLockedForAppend(_ path: String) throws(PosixFileError) -> (descriptor: Int32, created: Bool) {
        let existed = exists(path)
        let descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: lastError()) }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let reason = lastError()
            close(descriptor)
            throw .cannotLock(path: path, reason: reason)
        }
        return (descriptor, !existed)
    }

    /// Appends `bytes` in full and forces them to the disk (fsync) before returning.
    static func appendAndSync(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(PosixFileError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .cannotWrite(path: path, reason: lastError()) }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw .cannotWrite(path: path, reason: "fsync: " + lastError()) }
    }

    /// Makes a newly created file's directory entry durable.
    static func syncParentFolder(of path: String) {
        let folder: String
        if let slash = path.lastIndex(of: "/") {
            folder = path[..<slash].isEmpty ? "/" : String(path[..<slash])
        } else {
            folder = "."
        }
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    static func lastError() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}

/// Why a file could not be read, locked or written.
enum PosixFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case tooLarge(path: String, limit: Int)
    case cannotLock(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open \(path): \(reason)"
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        case .tooLarge(let path, let limit): return "\(path) is larger than \(limit) bytes"
        case .cannotLock(let path, let reason): return "cannot lock \(path): \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}
