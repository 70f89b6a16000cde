#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// POSIX file access for the Manifest module: bounded reads, atomic writes, folder creation. No Foundation, so the
/// CLI's start-up stays short.
enum LocalFile {
    enum ReadOutcome {
        case contents([UInt8])
        case missing
        case tooLarge
        case failed(String)
    }

    /// Reads a regular file without ever holding more than `limit` + one chunk of bytes.
    static func contents(of path: String, limit: Int) -> ReadOutcome {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .missing : .failed(lastError())
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failed(lastError()) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .failed("not a regular file") }
        if status.st_size > limit { return .tooLarge }
        var contents: [UInt8] = []
        contents.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return .contents(contents) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failed(lastError())
            }
            // The file may grow while we read it: the limit holds regardless of what fstat said.
            guard contents.count + count <= limit else { return .tooLarge }
            contents.append(contentsOf: chunk[..<count])
        }
    }

    /// Replaces `path` atomically: unique temporary file in the same folder, fsync, rename, fsync of the folder.
    /// Temporary names start with `.` and do not end in `.json`, so a half-written file is never taken for metadata.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(TUFError) {
        let folder = parentFolder(of: path)
        var template = Array((folder + "/.custos-tuf-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else { throw .storage("cannot create a temporary file in \(folder): \(lastError())") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: String?
        var offset = 0
        while offset < bytes.count, failure == nil {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { failure = lastError() } else { offset += written }
        }
        if failure == nil, fchmod(descriptor, 0o644) != 0 || fsync(descriptor) != 0 { failure = lastError() }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 { failure = lastError() }
        if let failure {
            unlink(temporary)
            throw .storage("cannot write \(path): \(failure)")
        }
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Creates `path` and its missing parents (mode 0755).
    static func makeFolder(_ path: String) throws(TUFError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .storage("cannot create folder \(prefix): \(lastError())")
            }
        }
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw .storage("\(path) is not a folder")
        }
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    static func lastError() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}
