import ArgumentParser
import CustosTestSupport
import Foundation
import Testing

@testable import CustosCLI

/// docs/cli-contract.md: `--json` prints one JSON document on stdout whatever the outcome. Every command with
/// `--json`, made to fail, prints a document with the error's kind and `problems`.
@Suite("--json prints a document whatever the outcome")
struct JSONOnFailureTests {
    static let missing = "/nonexistent/custos-json-on-failure"

    /// A failing run of each command with `--json`, and the exit status it must end with.
    static let failingRuns: [(arguments: [String], status: Int32)] = [
        (["devices", "list", "--json", "--transcript", missing], 2),
        (["devices", "attest", "--json", "--transcript", missing, "--image", missing], 2),
        (["devices", "watch", "--json", "--count", "0"], 64),
        (["devices", "list", "--json", "--timeout", "0"], 64),
        (["firmware", "verify", "--json", "--manifest", missing, missing], 2),
        (["manifest", "show", "--json", "--store", missing], 2),
        (["psbt", "inspect", "--json", missing], 2),
        (["migrate", "status", "--json", missing], 2),
        (
            [
                "migrate", "plan", "--json", "--descriptor", "x", "--utxos", missing, "--to", "x", "--fee-rate", "1",
                "-o",
                "/tmp/custos-json-on-failure.psbt",
            ], 2
        ),
        (["audit", "verify", "--json", missing], 2),
        (["lab", "run", "--json", missing], 2),
    ]

    @Test(arguments: failingRuns.indices)
    func aFailingRunPrintsOneJSONDocument(index: Int) throws {
        let (arguments, status) = Self.failingRuns[index]
        let outcome = try CustosBinary.run(arguments)
        #expect(outcome.status == status, "\(arguments): \(outcome.standardError)")
        #expect(!outcome.standardError.isEmpty, "the reason still goes to stderr")
        let document = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        let report = try #require(document, "\(arguments) printed \(outcome.standardOutput)")
        // Every problem is a coded object; a command that printed its own report carries no `error` member.
        let problems = try #require(report["problems"] as? [[String: Any]], "\(arguments): \(outcome.standardOutput)")
        #expect(!problems.isEmpty && problems.allSatisfy { ($0["code"] as? String)?.contains(".") == true })
        if let error = report["error"] as? [String: Any] {
            #expect(error["exitCode"] as? Int32 == status)
            #expect(error["kind"] as? String == problems.first?["code"] as? String)
            #expect(report["ok"] as? Bool == false)
        } else {
            #expect(report["valid"] as? Bool == false, "\(arguments): a report of its own must say it failed")
        }
        if report["error"] != nil {
            let command = arguments.prefix { !$0.hasPrefix("-") }.prefix(2).joined(separator: " ")
            #expect(report["command"] as? String == command)
        }
    }

    /// A report already printed (doctor, selftest, firmware inspect of an unreadable image) is the only document.
    @Test(arguments: [["doctor", "--json"], ["selftest", "--json"], ["firmware", "inspect", "--json", missing]])
    func aPrintedReportIsTheOnlyDocument(arguments: [String]) throws {
        let outcome = try CustosBinary.run(arguments)
        let document = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
        #expect(document is [String: Any])
        #expect((document as? [String: Any])?["error"] == nil)
    }

    /// Without `--json` a failure prints nothing on stdout.
    @Test func withoutJSONStandardOutputStaysEmpty() throws {
        let outcome = try CustosBinary.run(["psbt", "inspect", Self.missing])
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
    }

    /// Every command whose help offers `--json` takes part (the list of conformances cannot fall behind).
    @Test func everyCommandWithJSONReportsFailures() {
        var withJSON: [String] = []
        var missingConformance: [String] = []
        func walk(_ command: any ParsableCommand.Type, path: String) {
            let subcommands = command.configuration.subcommands
            if subcommands.isEmpty {
                guard command.helpMessage().contains("--json") else { return }
                withJSON.append(path)
                if !(command is any JSONReporting.Type) { missingConformance.append(path) }
            }
            for subcommand in subcommands {
                walk(subcommand, path: path + " " + (subcommand.configuration.commandName ?? "?"))
            }
        }
        walk(Custos.self, path: "custos")
        #expect(missingConformance.isEmpty, "\(missingConformance)")
        #expect(withJSON.count >= 13, "\(withJSON)")
    }
}
