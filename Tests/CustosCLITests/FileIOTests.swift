import Foundation
import Testing

@testable import CustosCLI

@Suite("CLI file input and atomic output")
struct FileIOTests {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-fileio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func atomicWriteReplacesContentAndLeavesNoTemporaryFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.psbt").path
        try FileIO.writeAtomically(Array("first".utf8), to: path)
        try FileIO.writeAtomically(Array("second version".utf8), to: path)
        #expect(try FileIO.readInput(path) == Array("second version".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.psbt"])
    }

    @Test func readRefusesFilesOverTheLimitAndMissingFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big").path
        try Data(repeating: 1, count: 100_000).write(to: URL(fileURLWithPath: path))
        #expect(try FileIO.readInput(path, limit: 100_000).count == 100_000)
        #expect(throws: FileIOError.tooLarge(path: path, limit: 99_999)) { try FileIO.readInput(path, limit: 99_999) }
        let missing = folder.appendingPathComponent("missing").path
        let error = #expect(throws: FileIOError.self) { try FileIO.readInput(missing) }
        #expect(error?.exitStatus == .unparsable)
    }

    @Test func writeIntoMissingFolderFailsWithoutCreatingAnything() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("no/such/folder/out").path
        let error = #expect(throws: FileIOError.self) { try FileIO.writeAtomically([1, 2, 3], to: path) }
        #expect(error?.exitStatus == .rejected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
