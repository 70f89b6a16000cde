#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Whole-file reads with a ceiling, atomic writes and folder helpers over POSIX calls only, so no module needs
/// Foundation to touch a file. Every C error becomes a `FileError` in this namespace.
public enum LocalFile {
    /// Reads a command-line input: the file at `path`, or standard input for `-` (see `contents(of:limit:)`).
    public static func contents(ofInput path: String, limit: Int) throws(FileError) -> [UInt8] {
        if path == "-" { return try contents(ofDescriptor: STDIN_FILENO, path: path, limit: limit) }
        return try contents(of: path, limit: limit)
    }

    /// Reads a whole file: regular files, pipes and devices alike (`-` is a file name here). Refuses one that holds
    /// more than `limit` bytes without ever holding more than `limit` plus one chunk.
    public static func contents(of path: String, limit: Int) throws(FileError) -> [UInt8] {
        let descriptor = try openForReading(path)
        defer { SystemCall.close(descriptor) }
        return try contents(ofDescriptor: descriptor, path: path, limit: limit)
    }

    /// Reads a regular file, measured first: a folder, device or pipe is refused, the size is checked against
    /// `limit` before anything is allocated, and a file that grows or shrinks while it is read is refused, so the
    /// bytes are the file as it was measured.
    public static func regularFileContents(of path: String, limit: Int) throws(FileError) -> [UInt8] {
        let descriptor = try openForReading(path)
        defer { SystemCall.close(descriptor) }
        var status = stat()
        do {
            _ = try SystemCall.run("fstat") { fstat(descriptor, &status) }
        } catch {
            throw .cannotRead(path: path, reason: error.reason)
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile(path: path) }
        guard status.st_size <= limit else { throw .tooLarge(path: path, limit: limit) }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        var probed = 0
        do {
            while filled < bytes.count {
                let count = try SystemCall.run("read") {
                    bytes.withUnsafeMutableBytes { buffer in
                        read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
                    }
                }
                if count == 0 { break }
                filled += count
            }
            var probe: UInt8 = 0
            probed = try SystemCall.run("read") { read(descriptor, &probe, 1) }
        } catch {
            throw .cannotRead(path: path, reason: error.reason)
        }
        guard filled == bytes.count, probed == 0 else { throw .changedWhileReading(path: path) }
        return bytes
    }

    /// Reads from an open descriptor's current offset to its end, at most `limit` bytes (`path` names it in errors).
    public static func contents(ofDescriptor descriptor: Int32, path: String, limit: Int) throws(FileError) -> [UInt8] {
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count: Int
            do {
                count = try SystemCall.run("read") {
                    chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                }
            } catch {
                throw .cannotRead(path: path, reason: error.reason)
            }
            if count == 0 { break }
            guard contents.count + count <= limit else { throw .tooLarge(path: path, limit: limit) }
            contents.append(contentsOf: chunk[..<count])
        }
        return contents
    }

    private static func openForReading(_ path: String) throws(FileError) -> Int32 {
        do {
            return try SystemCall.run("open") { open(path, O_RDONLY | O_CLOEXEC) }
        } catch {
            if error.isMissing { throw .missing(path: path, reason: error.reason) }
            throw .cannotOpen(path: path, reason: error.reason)
        }
    }
}
