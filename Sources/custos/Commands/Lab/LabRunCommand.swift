internal import ArgumentParser
internal import CustosSupport
internal import Lab

/// `custos lab run [DIR]`: every case under the vectors folder, a progress line per case on stderr, a summary table
/// (or `--json`) on stdout, and the reports asked for.
struct LabRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every case (*.case.json) under a vectors folder and report.",
        discussion: """
            DIR defaults to ./Vectors (run from the repository root for the bundled suite). Case format: \
            Vectors/README.md. Exit 0 when every selected case passed or was skipped, 1 when one failed (a \
            malformed case file or a missing input counts as failed) or when no case was selected, 2 when DIR \
            cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("The vectors folder.", valueName: "DIR"))
    var folder = "Vectors"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run only cases whose id contains PATTERN, or matches it with * and ? wildcards, or whose kind is PATTERN.",
            valueName: "PATTERN"))
    var filter: String?

    @Flag(name: .long, help: "Print the JSON report on stdout instead of the summary table.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Write the self-contained HTML report to FILE.", valueName: "FILE"))
    var report: String?

    @Option(name: .long, help: ArgumentHelp("Write a JUnit XML report to FILE.", valueName: "FILE"))
    var junit: String?

    func validate() throws {
        if let filter, filter.isEmpty { throw ValidationError("--filter needs a pattern") }
    }

    func run() async throws {
        let suite = try LabSuite.discover(at: folder)
        let environment = LabEnvironment.current(
            custosVersion: CustosVersion.number, vectors: suite.root, filter: filter)
        let runner = LabRunner(filter: filter.map(CaseFilter.init))
        let run = await runner.run(suite, environment: environment) { progress in
            CommandRunner.printError(LabSummary.progressLine(progress))
        }
        if let report { try FileIO.writeAtomically(HTMLReport.render(run), to: report) }
        if let junit { try FileIO.writeAtomically(JUnitReport.render(run), to: junit) }
        if json {
            try ReportOutput.write(try JSONReport.render(run))
        } else {
            print(LabSummary.table(run), terminator: "")
        }
        if run.results.isEmpty {
            throw LabRunFailure(
                empty: filter.map { "no case matches --filter \($0)" }
                    ?? "no case files (*.case.json) under \(suite.root)")
        }
        guard run.failed == 0 else {
            throw LabRunFailure(failed: run.failed, of: run.results.count)
        }
    }
}
