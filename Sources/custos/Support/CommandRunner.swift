internal import ArgumentParser
internal import CustosSupport

/// Parses the command line, runs the chosen subcommand and maps every outcome to an exit status.
///
/// This is the single place where errors become exit codes: usage errors from the argument parser → 64, coded
/// failures → the status of their category (with the CLI's remedy, if it has one), anything unexpected → 1 with its
/// description.
enum CommandRunner {
    static func run(arguments: [String]) async -> Int32 {
        // A bare `custos` names no task: show the overview, but as a usage error so scripts notice.
        if arguments.isEmpty {
            printError(Custos.helpMessage())
            return ExitStatus.usage.rawValue
        }
        let command: any ParsableCommand
        do {
            command = try Custos.parseAsRoot(arguments)
        } catch {
            // --help and --version arrive here as clean exits (status 0); everything else is a usage error.
            let status = reportParserOutcome(error)
            if status == 0 { return ExitStatus.ok.rawValue }
            let named = JSONOnFailure.command(named: arguments)
            if named.type is any JSONReporting.Type, JSONOnFailure.asksForJSON(arguments) {
                print(
                    JSONOnFailure.document(
                        command: named.name, code: CLICodes.usage, status: .usage,
                        message: Custos.message(for: error)))
            }
            return ExitStatus.usage.rawValue
        }
        let status: ExitStatus
        let failure: (code: FailureCode, message: String)
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
            return ExitStatus.ok.rawValue
        } catch let coded as any CodedFailure {
            printError("custos: \(coded.message)" + (Remedy.text(for: coded).map { "\n  \($0)" } ?? ""))
            (status, failure) = (ExitStatus(coded.category), (coded.code, coded.message))
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            // `custos`, `custos --help` and `custos help X` run the parser's help command, which ends in a clean exit.
            let parserStatus = reportParserOutcome(error)
            if parserStatus == 0 { return ExitStatus.ok.rawValue }
            // A validation error raised while running is still a usage problem.
            status = parserStatus == ExitCode.validationFailure.rawValue ? .usage : .rejected
            failure = (status == .usage ? CLICodes.usage : CLICodes.unexpected, Custos.message(for: error))
        }
        if let reporting = command as? any JSONReporting, reporting.reportsJSON, !ReportOutput.hasPrinted {
            print(
                JSONOnFailure.document(
                    command: JSONOnFailure.command(named: arguments).name, code: failure.code, status: status,
                    message: failure.message, extra: reporting.failureFields))
        }
        return status.rawValue
    }

    /// Prints what the argument parser says about `error` (help and version text on stdout for a clean exit, the
    /// message on stderr otherwise) and returns the parser's exit code for it.
    private static func reportParserOutcome(_ error: any Error) -> Int32 {
        let status = Custos.exitCode(for: error).rawValue
        let text = Custos.fullMessage(for: error)
        if status == 0 {
            if !text.isEmpty { print(text) }
        } else {
            printError(text)
        }
        return status
    }

    static func printError(_ text: String) {
        guard !text.isEmpty else { return }
        // Nothing is left to tell anyone if standard error itself cannot be written.
        try? StandardStream.error.write(Array((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
