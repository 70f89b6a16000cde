import CustosTestSupport
import Foundation
import Testing

/// `custos lab run` through the built binary: progress on stderr, the table and summary line on stdout, exit codes,
/// and the reports written atomically.
@Suite("custos lab run (binary)")
struct LabCommandTests {
    @Test func theBundledSuiteRunsGreenFromTheRepositoryRoot() throws {
        let outcome = try CustosBinary.run(["lab", "run"], currentDirectory: PackagePaths.root)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let summary = try #require(outcome.standardOutput.split(separator: "\n").last)
        let counts = summary.split(separator: " ")
        #expect(summary.hasSuffix(" passed, 0 failed, 0 skipped"), "\(summary)")
        let passed = try #require(Int(counts.first ?? ""))
        #expect(passed >= 70)
        #expect(
            outcome.standardOutput.contains("firmware-verify") && outcome.standardOutput.contains("device-attestation"))
        // One live progress line per case, numbered.
        let progress = outcome.standardError.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(progress.count == passed)
        #expect(progress.allSatisfy { $0.contains("] PASS ") })
        #expect(progress.last?.hasPrefix("[\(passed)/\(passed)]") == true)
    }

    @Test func brokenCasesFailTheRunWithTheirReasonsAndTheReportsAreWritten() throws {
        let folder = try BrokenCaseTests.brokenSuite()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try LabFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let html = output.appendingPathComponent("report.html")
        let junit = output.appendingPathComponent("junit.xml")
        let outcome = try CustosBinary.run([
            "lab", "run", folder.path, "--report", html.path, "--junit", junit.path,
        ])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.hasSuffix("\n3 passed, 12 failed, 1 skipped\n"))
        #expect(outcome.standardOutput.contains("unknown field input.psbt (psbt-role knows"))
        #expect(outcome.standardOutput.contains("expected verdict mismatch, got match"))
        #expect(outcome.standardError.contains("custos: 12 of 16 cases failed"))
        #expect(outcome.standardError.contains("FAIL broken/missing-image: input.image: referenced file"))
        #expect(outcome.standardError.contains("SKIP broken/skipped: waiting for the vendor's signed release"))
        let written = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(written == ["junit.xml", "report.html"], "temporary files left behind: \(written)")
        #expect(try String(contentsOf: html, encoding: .utf8).contains("<span data-count=\"failed\">12</span>"))
        #expect(try String(contentsOf: junit, encoding: .utf8).hasPrefix("<?xml"))
    }

    @Test func jsonGoesToStandardOutputAndTheFilterSelects() throws {
        let outcome = try CustosBinary.run(
            ["lab", "run", "Vectors", "--filter", "usb/trezor/attest-t1-synthetic-*", "--json"],
            currentDirectory: PackagePaths.root)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        let cases = try #require(document["cases"] as? [[String: Any]])
        #expect(
            Set(cases.compactMap { $0["id"] as? String }) == [
                "usb/trezor/attest-t1-synthetic-match", "usb/trezor/attest-t1-synthetic-mismatch",
            ])
        #expect((document["environment"] as? [String: Any])?["filter"] as? String == "usb/trezor/attest-t1-synthetic-*")
    }

    @Test func exitCodes() throws {
        let folder = try LabFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try CustosBinary.run(["lab", "run", folder.appendingPathComponent("nowhere").path])
        #expect(missing.status == 2 && missing.standardError.contains("no vectors folder at"))
        let defaultFolder = try CustosBinary.run(["lab", "run"], currentDirectory: folder)
        #expect(defaultFolder.status == 2 && defaultFolder.standardError.contains("run from the repository root"))
        let empty = try CustosBinary.run(["lab", "run", folder.path])
        #expect(empty.status == 1 && empty.standardError.contains("no case files (*.case.json)"))
        #expect(empty.standardOutput.hasSuffix("0 passed, 0 failed, 0 skipped\n"))
        let nothing = try CustosBinary.run(
            ["lab", "run", "Vectors", "--filter", "no-such-case"], currentDirectory: PackagePaths.root)
        #expect(nothing.status == 1 && nothing.standardError.contains("no case matches --filter no-such-case"))
        let usage = try CustosBinary.run(["lab", "run", "--filter", ""])
        #expect(usage.status == 64)
        let unwritable = try CustosBinary.run(
            ["lab", "run", "Vectors", "--filter", "attest-disconnect", "--report", "/nonexistent/folder/r.html"],
            currentDirectory: PackagePaths.root)
        #expect(unwritable.status == 1 && unwritable.standardError.contains("cannot write /nonexistent/folder/r.html"))
    }
}
