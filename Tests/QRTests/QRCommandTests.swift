import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

/// `custos qr encode` / `custos qr decode` and a PSBT command reading a parts file, through the real binary:
/// exit codes, files written or not, and the summary lines. The codecs themselves are tested at library level.
@Suite("custos qr commands")
struct QRCommandTests {
    static let psbtPath = SharedVectors.root.appendingPathComponent("qr/bbqr/test_data/1in10out.psbt").path

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-qr-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("encode → parts file → decode gives the PSBT back, for BBQr and UR", arguments: ["bbqr", "ur"])
    func encodeDecode(format: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parts = folder.appendingPathComponent("parts.txt").path
        let encode = try CustosBinary.run(["qr", "encode", Self.psbtPath, "--format", format, "--parts-out", parts])
        #expect(encode.status == 0, "\(encode.standardError)")
        #expect(
            encode.standardError.contains("sha256 045b95a5c8275a3f8562840d7369cc9eb7d7d81c162a881c48b683902bdfc698"))
        let lines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: parts)), as: UTF8.self)
            .split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix(format == "bbqr" ? "B$" : "UR:CRYPTO-PSBT/") })
        let output = folder.appendingPathComponent("out.psbt")
        let decode = try CustosBinary.run(["qr", "decode", "--parts", parts, "-o", output.path])
        #expect(decode.status == 0, "\(decode.standardError)")
        #expect(decode.standardOutput.hasPrefix("complete: psbt from"))
        #expect(try Data(contentsOf: output) == Data(contentsOf: URL(fileURLWithPath: Self.psbtPath)))
    }

    @Test("decode of an incomplete series exits 1 with the count missing and writes nothing")
    func incomplete() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let encode = try CustosBinary.run(["qr", "encode", Self.psbtPath, "--format", "ur", "--max-version", "6"])
        #expect(encode.status == 0)
        let lines = encode.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count > 3)
        let output = folder.appendingPathComponent("out.psbt")
        let decode = try CustosBinary.run(["qr", "decode"] + lines.dropFirst(2) + ["-o", output.path])
        #expect(decode.status == 1)
        #expect(decode.standardError.contains("incomplete: 2 of \(lines.count) parts missing"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("malformed parts exit 2, mixed series exit 1, usage errors 64")
    func refusals() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("never-\(UUID().uuidString)").path
        let malformed = try CustosBinary.run(["qr", "decode", "B$HU010048656C6C6F2C20424251722", "-o", output])
        #expect(malformed.status == 2, "\(malformed.standardError)")
        // One byteword changed (ae → ad): the CRC-32 no longer matches.
        let badCRC = try CustosBinary.run([
            "qr", "decode", "ur:bytes/gdadbycpeofygoiyktlonlpkrksfutwyzmwmfyeozs", "-o", output,
        ])
        #expect(badCRC.status == 2)
        #expect(badCRC.standardError.contains("CRC-32 checksum mismatch"))
        let mixed = try CustosBinary.run(["qr", "decode", "B$HU020048656C6C6F2C", "B$HP0201204242517221", "-o", output])
        #expect(mixed.status == 1)
        #expect(mixed.standardError.contains("different series"))
        #expect(try CustosBinary.run(["qr", "decode", "-o", output]).status == 64)
        #expect(try CustosBinary.run(["qr", "encode", Self.psbtPath, "--format", "qr"]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("PNG frames and the HTML page are written; decode --image reads the frames back")
    func images() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pngs = folder.appendingPathComponent("png")
        let html = folder.appendingPathComponent("page.html")
        let encode = try CustosBinary.run(
            [
                "qr", "encode", Self.psbtPath, "--format", "bbqr", "--max-version", "10", "--png-dir", pngs.path,
                "--html", html.path,
            ])
        #expect(encode.status == 0, "\(encode.standardError)")
        let frames = try FileManager.default.contentsOfDirectory(atPath: pngs.path).sorted()
        #expect(frames.count > 1 && frames.first == "part-001.png")
        #expect(try String(contentsOf: html, encoding: .utf8).contains("<svg class=\"frame shown\""))
        let output = folder.appendingPathComponent("out.psbt")
        let decode = try CustosBinary.run(
            ["qr", "decode", "--image"] + frames.reversed().map { pngs.appendingPathComponent($0).path } + [
                "-o", output.path,
            ])
        #expect(decode.status == 0, "\(decode.standardError)")
        #expect(try Data(contentsOf: output) == Data(contentsOf: URL(fileURLWithPath: Self.psbtPath)))
    }

    @Test("psbt combine of signed copies returned as UR and BBQr part files equals combining the PSBT files")
    func combineFromPartFiles() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = PackagePaths.root.path
        let fromFiles = folder.appendingPathComponent("files.psbt").path
        let fromParts = folder.appendingPathComponent("parts.psbt").path
        let direct = try CustosBinary.run(
            [
                "psbt", "combine", root + "/Vectors/psbt/demo/cosigner-a.psbt",
                root + "/Vectors/psbt/demo/cosigner-c.psbt",
                "-o", fromFiles,
            ])
        #expect(direct.status == 0, "\(direct.standardError)")
        let viaParts = try CustosBinary.run(
            [
                "psbt", "combine", root + "/Vectors/qr/parts/cosigner-a.ur.txt",
                root + "/Vectors/qr/parts/cosigner-c.bbqr.txt", "-o", fromParts,
            ])
        #expect(viaParts.status == 0, "\(viaParts.standardError)")
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: fromParts)) == Data(contentsOf: URL(fileURLWithPath: fromFiles)))
        // A parts file that is incomplete is refused by the PSBT command too, with the count missing.
        let partial = folder.appendingPathComponent("partial.txt")
        let lines = try String(contentsOfFile: root + "/Vectors/qr/parts/cosigner-a.ur.txt", encoding: .utf8)
            .split(separator: "\n").prefix(5).joined(separator: "\n")
        try Data(lines.utf8).write(to: partial)
        let refused = try CustosBinary.run(["psbt", "inspect", partial.path])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("parts missing"))
    }

    @Test("psbt inspect reads a file of QR part strings like a PSBT file")
    func psbtCommandReadsParts() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let direct = try CustosBinary.run(["psbt", "inspect", Self.psbtPath, "--json"])
        #expect(direct.status == 0)
        for format in ["bbqr", "ur"] {
            let parts = folder.appendingPathComponent("\(format).txt").path
            #expect(
                try CustosBinary.run([
                    "qr", "encode", Self.psbtPath, "--format", format, "--max-version", "8",
                    "--parts-out", parts,
                ]).status == 0)
            let viaParts = try CustosBinary.run(["psbt", "inspect", parts, "--json"])
            #expect(viaParts.status == 0, "\(viaParts.standardError)")
            #expect(viaParts.standardOutput == direct.standardOutput)
        }
    }
}

/// The README's "Air-gapped cosigners" commands run exactly as written (bash, repository root, built `custos`
/// first on PATH).
@Suite("README air-gapped cosigners walkthrough")
struct QRWalkthroughTests {
    static func script() throws -> String {
        let readme = try String(contentsOf: PackagePaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let begin = readme.range(of: "<!-- qr-walkthrough:begin -->"),
            let end = readme.range(of: "<!-- qr-walkthrough:end -->"), begin.upperBound < end.lowerBound
        else { throw TestDataError("README.md has no qr-walkthrough markers") }
        let block = readme[begin.upperBound..<end.lowerBound]
        return block.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("```") }.joined(separator: "\n")
    }

    @Test func walkthroughRunsAsWritten() throws {
        let script = try Self.script()
        #expect(script.contains("custos qr encode") && script.contains("custos qr decode"))
        let folder = try QRCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path =
            CustosBinary.productsDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let outcome = try CustosBinary.run(
            ["-e", "-u", "-o", "pipefail", "-c", script], executable: URL(fileURLWithPath: "/bin/bash"),
            environment: ["PATH": path, "TMPDIR": folder.path, "HOME": folder.path],
            currentDirectory: PackagePaths.root)
        #expect(outcome.status == 0, "walkthrough failed: \(outcome.standardError)")
        #expect(outcome.standardOutput.contains("exit status 1"))
        #expect(outcome.standardError.contains("parts missing"))
        #expect(outcome.standardOutput.contains("complete: psbt from ur-multi (crypto-psbt)"))
    }
}
