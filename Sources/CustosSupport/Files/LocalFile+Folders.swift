#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension LocalFile {
    /// Whether anything exists at `path` (following links).
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// Whether `path` is a folder (following links).
    public static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// Removes a file if it is there; a missing file is not an error.
    public static func remove(_ path: String) {
        unlink(path)
    }

    /// Creates `path` and its missing parents (mode 0755); an existing folder is fine, anything else there is not.
    public static func makeFolder(_ path: String) throws(FileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            do {
                _ = try SystemCall.run("mkdir") { mkdir(prefix, 0o755) }
            } catch  where error.isExisting {
                continue
            } catch {
                throw .cannotCreateFolder(path: prefix, reason: error.reason)
            }
        }
        guard isFolder(path) else { throw .notAFolder(path: path) }
    }

    /// The folder holding `path`: `.` for a bare name, `/` for a file at the root.
    public static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// Makes the entries of `folder` (a created or renamed file) durable; best effort, as not every file system
    /// can fsync a folder.
    static func syncFolder(_ folder: String) {
        guard let descriptor = try? SystemCall.run("open", { open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) })
        else { return }
        _ = try? SystemCall.run("fsync") { fsync(descriptor) }
        SystemCall.close(descriptor)
    }
}
