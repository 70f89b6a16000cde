internal import CustosSupport
internal import FoundationEssentials

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A private folder for what one case writes (a manifest store), made with mkdtemp so no two runs share it, and
/// removed with everything in it.
struct ScratchFolder {
    let path: String

    init(prefix: String) throws(LabCaseError) {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/\(prefix)-XXXXXX").utf8CString)
        do {
            let made = try SystemCall.run("mkdtemp") {
                template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
            }
            path = String(cString: made)
        } catch {
            throw .unreadableFile(
                field: "scratch store", path: base, reason: "cannot create a private folder: \(error.reason)")
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
