#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Reads whole files with a ceiling: the file's size is checked before any allocation, and reading stops at the
/// ceiling even if the file grows meanwhile, so no case can make the runner allocate more than it allows.
enum BoundedFile {
    enum Failure: Error, Equatable, Sendable {
        case missing
        case notAFile
        case tooLarge(limit: Int)
        case unreadable(String)
    }

    static func contents(of path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(systemError())
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(systemError()) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notAFile }
        guard status.st_size <= limit else { throw .tooLarge(limit: limit) }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .unreadable(systemError()) }
            if count == 0 { break }
            filled += count
        }
        // The bytes must be the file as it was measured: one that grew or shrank meanwhile is refused.
        var probe: UInt8 = 0
        guard filled == bytes.count, read(descriptor, &probe, 1) == 0 else {
            throw .unreadable("the file changed while it was read")
        }
        return bytes
    }

    private static func systemError() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}
