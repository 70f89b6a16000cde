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
        let descriptor: Int32
        do {
            descriptor = try SystemCall.run("mkstemp") {
                template.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    guard let base = buffer.baseAddress else { return -1 }
                    return mkstemp(base)
                }
            }
        } catch {
            throw .cannotCreateTemporaryFile(path: path, folder: folder, reason: error.reason)
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        do throws(FileError) {
            try writeAll(bytes, to: descriptor, path: path)
            do {
                _ = try SystemCall.run("fchmod") { fchmod(descriptor, 0o644) }
                _ = try SystemCall.run("fsync") { fsync(descriptor) }
                SystemCall.close(descriptor)
                closed = true
                _ = try SystemCall.run("rename") { rename(temporary, path) }
            } catch {
                throw FileError.cannotWrite(path: path, reason: error.reason)
            }
        } catch {
            if !closed { SystemCall.close(descriptor) }
            unlink(temporary)
            throw error
        }
        syncFolder(folder)
    }

    /// Writes all of `bytes` to an open descriptor, retrying short and interrupted writes.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(FileError) {
        var offset = 0
        while offset < bytes.count {
            let written: Int
            do {
                written = try SystemCall.run("write") {
                    bytes.withUnsafeBytes { buffer -> Int in
                        guard let base = buffer.baseAddress else { return 0 }
                        return write(descriptor, base + offset, buffer.count - offset)
                    }
                }
            } catch {
                throw .cannotWrite(path: path, reason: error.reason)
            }
            guard written > 0 else { throw .cannotWrite(path: path, reason: "write wrote nothing") }
            offset += written
        }
    }
}
