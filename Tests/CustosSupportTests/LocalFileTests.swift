import CustosSupport
import Foundation
import Testing

/// The file primitives every module reads and writes through: bounded reads, atomic writes, folders, and the
/// locked append-only file of the ceremony's audit log.
@Suite("Local files: bounded reads, atomic writes, locked appends")
struct LocalFileTests {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func atomicWriteReplacesContentAndLeavesNoTemporaryFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.psbt").path
        try LocalFile.writeAtomically(Array("first".utf8), to: path)
        try LocalFile.writeAtomically(Array("second version".utf8), to: path)
        #expect(try LocalFile.contents(of: path, limit: 100) == Array("second version".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.psbt"])
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o644)
    }

    @Test func writeIntoMissingFolderFailsWithoutCreatingAnything() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("no/such/folder/out").path
        let error = #expect(throws: FileError.self) { try LocalFile.writeAtomically([1, 2, 3], to: path) }
        guard case .cannotCreateTemporaryFile(let target, let temporaryFolder, let reason)? = error else {
            Issue.record("expected cannotCreateTemporaryFile, got \(String(describing: error))")
            return
        }
        #expect(target == path)
        #expect(temporaryFolder == folder.appendingPathComponent("no/such/folder").path)
        #expect(reason == "No such file or directory")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func failedRenameRemovesTheTemporaryFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A non-empty folder where the file should go: the temporary file is written, the rename over it fails.
        let target = folder.appendingPathComponent("target")
        try FileManager.default.createDirectory(
            at: target.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let error = #expect(throws: FileError.self) { try LocalFile.writeAtomically([1, 2, 3], to: target.path) }
        guard case .cannotWrite(let path, _)? = error else {
            Issue.record("expected cannotWrite, got \(String(describing: error))")
            return
        }
        #expect(path == target.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["target"])
    }

    @Test func readRefusesFilesOverTheLimitAndMissingFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big").path
        try Data(repeating: 1, count: 100_000).write(to: URL(fileURLWithPath: path))
        #expect(try LocalFile.contents(of: path, limit: 100_000).count == 100_000)
        #expect(try LocalFile.regularFileContents(of: path, limit: 100_000).count == 100_000)
        #expect(throws: FileError.tooLarge(path: path, limit: 99_999)) {
            try LocalFile.contents(of: path, limit: 99_999)
        }
        #expect(throws: FileError.tooLarge(path: path, limit: 99_999)) {
            try LocalFile.regularFileContents(of: path, limit: 99_999)
        }
        let missing = folder.appendingPathComponent("missing").path
        #expect(throws: FileError.missing(path: missing, reason: "No such file or directory")) {
            try LocalFile.contents(of: missing, limit: 10)
        }
        let underAFile = path + "/child"
        #expect(throws: FileError.missing(path: underAFile, reason: "Not a directory")) {
            try LocalFile.regularFileContents(of: underAFile, limit: 10)
        }
    }

    @Test func dashIsStandardInputOnlyForCommandLineInputs() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dash = folder.appendingPathComponent("-").path
        try Data("a file named dash".utf8).write(to: URL(fileURLWithPath: dash))
        #expect(try LocalFile.contents(of: dash, limit: 100) == Array("a file named dash".utf8))
        // Relative "-" is a file name too (none in the working folder), never standard input.
        #expect(throws: FileError.missing(path: "-", reason: "No such file or directory")) {
            try LocalFile.contents(of: "-", limit: 100)
        }
    }

    @Test func regularFileReadRefusesFoldersAndFilesThatChangeWhileRead() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: FileError.notARegularFile(path: folder.path)) {
            try LocalFile.regularFileContents(of: folder.path, limit: 100)
        }
        // The stream read gives a folder's read error.
        #expect(throws: FileError.cannotRead(path: folder.path, reason: "Is a directory")) {
            try LocalFile.contents(of: folder.path, limit: 100)
        }
        // /proc files are regular but measure 0 bytes: the measured read sees more than it measured and refuses,
        // the stream read (pipes, devices, stdin) reads what is there.
        let status = "/proc/self/status"
        #expect(throws: FileError.changedWhileReading(path: status)) {
            try LocalFile.regularFileContents(of: status, limit: 1 << 20)
        }
        let text = String(decoding: try LocalFile.contents(of: status, limit: 1 << 20), as: UTF8.self)
        #expect(text.contains("Pid:"))
    }

    @Test func foldersAreCreatedWithTheirParentsAndNothingElseIsTakenForOne() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let nested = folder.appendingPathComponent("a/b/c").path
        try LocalFile.makeFolder(nested)
        try LocalFile.makeFolder(nested)
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: nested, isDirectory: &isFolder) && isFolder.boolValue)
        #expect(LocalFile.exists(nested))

        let file = folder.appendingPathComponent("file").path
        try LocalFile.writeAtomically([1], to: file)
        #expect(throws: FileError.notAFolder(path: file)) { try LocalFile.makeFolder(file) }
        #expect(throws: FileError.cannotCreateFolder(path: file + "/sub/", reason: "Not a directory")) {
            try LocalFile.makeFolder(file + "/sub")
        }
        LocalFile.remove(file)
        #expect(!LocalFile.exists(file))
        LocalFile.remove(file)  // already gone: not an error
    }

    @Test(arguments: [("out.json", "."), ("/out.json", "/"), ("a/b/out.json", "a/b"), ("/a/out", "/a")])
    func parentFolder(path: String, folder: String) {
        #expect(LocalFile.parentFolder(of: path) == folder)
    }

    @Test func appendOnlyFileLocksAppendsAndSyncs() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("audit.jsonl").path
        do {
            let file = try AppendOnlyFile(lockingForAppend: path)
            let created = file.wasCreated
            #expect(created)
            #expect(try file.contents(limit: 100).isEmpty)
            // While the handle lives, nobody else gets the lock.
            #expect(!Self.canLock(path))
            try file.appendAndSync(Array("one\n".utf8))
        }
        #expect(Self.canLock(path))
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        do {
            let file = try AppendOnlyFile(lockingForAppend: path)
            let created = file.wasCreated
            #expect(!created)
            #expect(try file.contents(limit: 100) == Array("one\n".utf8))
            #expect(throws: FileError.tooLarge(path: path, limit: 3)) { try file.contents(limit: 3) }
            try file.appendAndSync(Array("two\n".utf8))
        }
        #expect(try LocalFile.contents(of: path, limit: 100) == Array("one\ntwo\n".utf8))
        let inMissingFolder = folder.appendingPathComponent("missing/audit.jsonl").path
        #expect(throws: FileError.cannotOpen(path: inMissingFolder, reason: "No such file or directory")) {
            _ = try AppendOnlyFile(lockingForAppend: inMissingFolder)
        }
    }

    /// Whether an exclusive lock on `path` can be taken right now (without waiting), released at once.
    private static func canLock(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return flock(descriptor, LOCK_EX | LOCK_NB) == 0
    }

    /// The texts that modules pass on as they are (the ceremony's audit log errors, the manifest store's).
    @Test func descriptionsNameTheFileAndTheReason() {
        let cases: [(FileError, String)] = [
            (.missing(path: "p", reason: "No such file or directory"), "cannot open p: No such file or directory"),
            (.cannotOpen(path: "p", reason: "Permission denied"), "cannot open p: Permission denied"),
            (.notARegularFile(path: "p"), "p is not a regular file"),
            (.tooLarge(path: "p", limit: 5), "p is larger than 5 bytes"),
            (.cannotRead(path: "p", reason: "Is a directory"), "cannot read p: Is a directory"),
            (.changedWhileReading(path: "p"), "p changed while it was read"),
            (.cannotLock(path: "p", reason: "r"), "cannot lock p: r"),
            (
                .cannotCreateTemporaryFile(path: "d/p", folder: "d", reason: "r"),
                "cannot create a temporary file in d: r"
            ),
            (.cannotWrite(path: "p", reason: "fsync: r"), "cannot write p: fsync: r"),
            (.cannotCreateFolder(path: "d/", reason: "r"), "cannot create folder d/: r"),
            (.notAFolder(path: "p"), "p is not a folder"),
        ]
        for (error, text) in cases {
            #expect(error.description == text)
            #expect(error.path.hasSuffix("p") || error.path == "d/")
        }
        #expect(FileError.changedWhileReading(path: "p").reason == "the file changed while it was read")
        #expect(FileError.notARegularFile(path: "p").reason == "not a regular file")
        #expect(FileError.tooLarge(path: "p", limit: 5).reason == "larger than 5 bytes")
    }
}
