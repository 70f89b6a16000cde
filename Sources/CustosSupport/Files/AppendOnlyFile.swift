#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A file opened for appending under an exclusive lock (flock), held until this value goes away: a log that
/// several processes extend, one whole record at a time, each forced to the disk before the append returns.
/// Non-copyable, so exactly one owner closes the descriptor (which also releases the lock).
public struct AppendOnlyFile: ~Copyable {
    public let path: String
    /// Whether opening created the file (its folder entry is then made durable by the first append).
    public let wasCreated: Bool
    private let descriptor: Int32

    /// Opens `path` for appending, creating it with mode 0600 when missing, and waits for the exclusive lock.
    public init(lockingForAppend path: String) throws(FileError) {
        let existed = LocalFile.exists(path)
        let descriptor: Int32
        do {
            descriptor = try SystemCall.run("open") { open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600) }
        } catch {
            throw .cannotOpen(path: path, reason: error.reason)
        }
        do {
            _ = try SystemCall.run("flock") { flock(descriptor, LOCK_EX) }
        } catch {
            SystemCall.close(descriptor)
            throw .cannotLock(path: path, reason: error.reason)
        }
        self.path = path
        self.wasCreated = !existed
        self.descriptor = descriptor
    }

    deinit {
        SystemCall.close(descriptor)
    }

    /// The whole file as it is now (under the lock nobody else appends), at most `limit` bytes. Appends still go to
    /// the end (O_APPEND) wherever reading left the offset.
    public func contents(limit: Int) throws(FileError) -> [UInt8] {
        do {
            _ = try SystemCall.run("lseek") { lseek(descriptor, 0, SEEK_SET) }
        } catch {
            throw .cannotRead(path: path, reason: error.reason)
        }
        return try LocalFile.contents(ofDescriptor: descriptor, path: path, limit: limit)
    }

    /// Appends `bytes` in full and forces them to the disk (fsync) before returning.
    public func appendAndSync(_ bytes: [UInt8]) throws(FileError) {
        try LocalFile.writeAll(bytes, to: descriptor, path: path)
        do {
            _ = try SystemCall.run("fsync") { fsync(descriptor) }
        } catch {
            throw .cannotWrite(path: path, reason: error.description)
        }
        if wasCreated { LocalFile.syncFolder(LocalFile.parentFolder(of: path)) }
    }
}
