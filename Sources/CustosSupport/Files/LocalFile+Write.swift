#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension LocalFile {
    /// Replaces `path` atomically: a unique temporary file in the same folder (mode 0644), fsync, rename over the
    /// target, fsync of the folder, so a crash leaves either the old file or the complete new one. The temporary
    /// file is removed on failure; its name starts with `.custos-` and has no extension, so nothing takes a
    /// half-written file for a document.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(FileError) {
        let folder = parentFolder(of: path)
        var template = Array((folder + "/.custos-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else {
            throw .cannotCreateTemporaryFile(path: path, folder: folder, reason: systemErrorText())
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do throws(FileError) {
            try writeAll(bytes, to: descriptor, path: path)
            guard fchmod(descriptor, 0o644) == 0, fsync(descriptor) == 0 else {
                throw FileError.cannotWrite(path: path, reason: systemErrorText())
            }
            close(descriptor)
            guard rename(temporary, path) == 0 else {
                throw FileError.cannotWrite(path: path, reason: systemErrorText())
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        syncFolder(folder)
    }

    /// Writes all of `bytes` to an open descriptor, retrying short and interrupted writes.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(FileError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .cannotWrite(path: path, reason: systemErrorText()) }
            offset += written
        }
    }
}
