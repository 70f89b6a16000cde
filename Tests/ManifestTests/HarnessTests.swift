import CustosTestSupport
import Foundation
import Testing

/// Runs Custos' own TUF harness (Tests/tuf-harness, pytest + python-tuf): repositories built by python-tuf,
/// served over loopback HTTP or read from a folder, driving the built custos-tuf through key rotations, threshold
/// changes, expiry, rollback, mix-and-match, wrong hashes, endless data, bad signatures and delegations.
@Suite("TUF harness (python-tuf repositories driving custos-tuf)")
struct HarnessTests {
    @Test func harnessPasses() throws {
        let binary = CustosBinary.productsDirectory.appendingPathComponent("custos-tuf").path
        let outcome = try PythonOracle.run(script: "Tests/tuf-harness/run_harness.py", [binary])
        let summary = outcome.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
        #expect(outcome.status == 0, "\(outcome.standardOutput)\n\(outcome.standardError)")
        #expect(summary.contains(" passed"))
        #expect(!summary.contains("failed") && !summary.contains("error"))
        let passed = Int(summary.split(separator: " ").first { Int($0) != nil } ?? "0") ?? 0
        #expect(passed >= 80)
        reportVectorCount("Tests/tuf-harness cases (pytest)", passed: passed, total: passed)
    }
}
