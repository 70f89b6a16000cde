import CustosTestSupport
import Foundation
import Testing

/// The command-line contract through the real binary: --version, --help, usage errors and the self-test.
@Suite("custos command line")
struct ExitCodeTests {
    @Test func versionNamesCustosAndTheCLibraries() throws {
        let outcome = try CustosBinary.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.hasPrefix("custos 0."))
        #expect(outcome.standardOutput.contains("OpenSSL 3."))
        #expect(outcome.standardOutput.contains("libsodium"))
    }

    @Test(arguments: [["--help"], ["-h"], ["help"], ["help", "selftest"], ["selftest", "--help"]])
    func helpExitsZeroOnStandardOutput(arguments: [String]) throws {
        let outcome = try CustosBinary.run(arguments)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("USAGE: custos"))
        #expect(outcome.standardError.isEmpty)
    }

    @Test(arguments: [["--bogus"], ["no-such-command"], ["selftest", "--nope"], ["selftest", "extra"], []])
    func usageErrorsExit64(arguments: [String]) throws {
        let outcome = try CustosBinary.run(arguments)
        #expect(outcome.status == 64)
        #expect(!outcome.standardError.isEmpty)
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func selfTestPassesAndReportsJSON() throws {
        let outcome = try CustosBinary.run(["selftest", "--json"])
        #expect(outcome.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        #expect(document?["passed"] as? Bool == true)
        let cases = document?["cases"] as? [[String: Any]] ?? []
        #expect(cases.count >= 12)
        #expect(cases.allSatisfy { $0["passed"] as? Bool == true })
        #expect(cases.contains { ($0["name"] as? String)?.contains("Ed25519 point addition") == true })
    }

    @Test func selfTestTextSummary() throws {
        let outcome = try CustosBinary.run(["selftest"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("known-answer tests passed"))
        #expect(!outcome.standardOutput.contains("FAIL"))
    }
}
