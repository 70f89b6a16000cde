import CustosSupport
import Foundation
import Testing

@testable import CustosCLI

/// The CLI's conventions over CustosSupport's file primitives (tested in CustosSupportTests): `-` is standard input,
/// an unreadable input exits 2, an unwritable output exits 1, each with the message the CLI has always printed.
@Suite("CLI file input and atomic output")
struct FileIOTests {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-fileio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func unreadableInputsExitTwoWithTheirReason() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big").path
        try Data(repeating: 1, count: 100_000).write(to: URL(fileURLWithPath: path))
        #expect(try FileIO.readInput(path, limit: 100_000).count == 100_000)
        let tooLarge = #expect(throws: FileError.tooLarge(path: path, limit: 99_999)) {
            try FileIO.readInput(path, limit: 99_999)
        }
        #expect(tooLarge.map { ExitStatus($0.category) } == .unparsable)
        #expect(tooLarge?.message == "\(path) is larger than 99999 bytes; refusing to read it")

        let missing = folder.appendingPathComponent("missing").path
        let error = #expect(throws: FileError.self) { try FileIO.readInput(missing) }
        #expect(error.map { ExitStatus($0.category) } == .unparsable)
        #expect(error?.message == "cannot read \(missing): No such file or directory")

        let folderError = #expect(throws: FileError.self) { try FileIO.readInput(folder.path) }
        #expect(folderError.map { ExitStatus($0.category) } == .unparsable)
        #expect(folderError?.message == "cannot read \(folder.path): Is a directory")
    }

    @Test func unwritableOutputsExitOneNamingTheTarget() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("no/such/folder/out").path
        let error = #expect(throws: FileError.self) { try FileIO.writeAtomically([1, 2, 3], to: path) }
        #expect(error.map { ExitStatus($0.category) } == .rejected)
        #expect(error?.message == "cannot write \(path): No such file or directory")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)

        let written = folder.appendingPathComponent("out").path
        try FileIO.writeAtomically(Array("output".utf8), to: written)
        #expect(try FileIO.readInput(written) == Array("output".utf8))
    }
}
