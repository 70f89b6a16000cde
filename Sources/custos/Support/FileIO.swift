#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Reading inputs (a path or `-` for stdin) and writing outputs atomically, with POSIX calls only so the CLI keeps
/// Foundation off its start-up path.
enum FileIO {
    /// Default ceiling for an input file: far above any PSBT, manifest or firmware image Custos reads.
    static let defaultReadLimit = 256 * 1024 * 1024

    /// Reads a whole file, or standard input for `-`. Refuses (exit 2) a file larger than `limit` bytes without
    /// reading past the limit.
    static func readInput(_ path: String, limit: Int = defaultReadLimit) throws(FileIOError) -> [UInt8] {
        let descriptor: Int32
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .cannotRead(path: path, reason: lastErrorText()) }
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, reason: lastErrorText())
            }
            guard contents.count + count <= limit else { throw .tooLarge(path: path, limit: limit) }
            contents.append(contentsOf: chunk[..<count])
        }
        return contents
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, rename over the target, and
    /// fsync of the folder, so a crash leaves either the old file or the complete new one. `-` writes to stdout.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(FileIOError) {
        if path == "-" {
            try writeAll(bytes, to: STDOUT_FILENO, path: "standard output")
            return
        }
        let folder = parentFolder(of: path)
        var template = Array((folder + "/.custos-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: lastErrorText()) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do throws(FileIOError) {
            try writeAll(bytes, to: descriptor, path: path)
            guard fchmod(descriptor, 0o644) == 0, fsync(descriptor) == 0 else {
                throw FileIOError.cannotWrite(path: path, reason: lastErrorText())
            }
            close(descriptor)
            guard rename(temporary, path) == 0 else {
                throw FileIOError.cannotWrite(path: path, reason: lastErrorText())
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(FileIOError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .cannotWrite(path: path, reason: lastErrorText()) }
            offset += written
        }
    }

    private static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    private static func lastErrorText() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}

/// Why an input could not be read or an output written.
enum FileIOError: CustosFailure, Equatable {
    case cannotRead(path: String, reason: String)
    case tooLarge(path: String, limit: Int)
    case cannotWrite(path: String, reason: String)

    var exitStatus: ExitStatus {
        switch self {
        case .cannotRead, .tooLarge: return .unparsable
        case .cannotWrite: return .rejected
        }
    }

    var message: String {
        switch self {
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        case .tooLarge(let path, let limit): return "\(path) is larger than \(limit) bytes; refusing to read it"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}
