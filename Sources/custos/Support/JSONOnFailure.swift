internal import ArgumentParser
internal import CustosSupport
internal import Synchronization

/// A command with a `--json` flag. docs/cli-contract.md promises one JSON document on stdout whatever the outcome:
/// when such a run fails before its command printed its report, `CommandRunner` prints a failure document instead
/// (`JSONOnFailure.document`), with the error's kind and message and the `problems` list every report has.
protocol JSONReporting {
    /// True when this run promised JSON on stdout (`--json`, and stdout not taken by other output).
    var reportsJSON: Bool { get }
    /// Members the command's own report always has, repeated in a failure document so readers find them (e.g.
    /// `devices attest`: "match": false).
    var failureFields: [(String, String)] { get }
}

extension JSONReporting {
    var failureFields: [(String, String)] { [] }
}

/// Prints a command's report (text or JSON) on stdout and remembers that one was printed, so a failure after it
/// adds no second document.
enum ReportOutput {
    private static let printedReport = Atomic<Bool>(false)

    static func print(_ text: String, terminator: String = "\n") {
        printedReport.store(true, ordering: .relaxed)
        Swift.print(text, terminator: terminator)
    }

    static func write(_ bytes: [UInt8]) throws(FileError) {
        printedReport.store(true, ordering: .relaxed)
        try StandardStream.output.write(bytes)
    }

    static var hasPrinted: Bool { printedReport.load(ordering: .relaxed) }
}

/// The JSON document of a `--json` run that ended in an error before its report.
enum JSONOnFailure {
    /// `{"command", "ok": false, <command's fields>, "error": {"kind", "exitCode", "message"}, "problems"}`.
    static func document(
        command: String, code: FailureCode, status: ExitStatus, message: String, extra: [(String, String)] = []
    ) -> String {
        // `kind` is the failure's code (docs/ERRORS.md), the same as the one problem's.
        let error = JSONText.object([
            ("kind", JSONWriter.quote(code.name)), ("exitCode", String(status.rawValue)),
            ("message", JSONWriter.quote(message)),
        ])
        return JSONText.object(
            [("command", JSONWriter.quote(command)), ("ok", "false")] + extra
                + [("error", error), ("problems", JSONText.problems([Problem(code: code, message: message)]))])
    }

    /// The subcommand `arguments` name and its full name ("devices attest"), found by walking the command tree
    /// (used when parsing failed, so no command value exists).
    static func command(named arguments: [String]) -> (type: any ParsableCommand.Type, name: String) {
        var current: any ParsableCommand.Type = Custos.self
        var names: [String] = []
        for argument in arguments {
            guard
                let next = current.configuration.subcommands.first(where: {
                    $0.configuration.commandName == argument || $0.configuration.aliases.contains(argument)
                })
            else { break }
            current = next
            names.append(argument)
        }
        return (current, names.joined(separator: " "))
    }

    /// Whether `arguments` ask for JSON (`--json` before a `--` terminator).
    static func asksForJSON(_ arguments: [String]) -> Bool {
        arguments.prefix { $0 != "--" }.contains("--json")
    }
}

// Every command with `--json` (CommandLineJSONTests walks the command tree to keep this list complete).
extension ListDevicesCommand: JSONReporting { var reportsJSON: Bool { json } }
extension WatchDevicesCommand: JSONReporting { var reportsJSON: Bool { json } }
extension DoctorCommand: JSONReporting { var reportsJSON: Bool { json } }
extension FirmwareInspectCommand: JSONReporting { var reportsJSON: Bool { input.json } }
extension FirmwareVerifyCommand: JSONReporting { var reportsJSON: Bool { input.json } }
extension ManifestShowCommand: JSONReporting { var reportsJSON: Bool { json } }
extension InspectPSBTCommand: JSONReporting { var reportsJSON: Bool { json } }
extension MigrateStatusCommand: JSONReporting { var reportsJSON: Bool { json } }
extension AuditVerifyCommand: JSONReporting { var reportsJSON: Bool { json } }
extension LabRunCommand: JSONReporting { var reportsJSON: Bool { json } }
extension SelfTestCommand: JSONReporting { var reportsJSON: Bool { json } }

extension MigratePlanCommand: JSONReporting {
    /// Without `-o FILE` the PSBT itself goes to stdout (and the JSON summary to stderr).
    var reportsJSON: Bool { json && output != nil && output != "-" }
}

extension AttestDeviceCommand: JSONReporting {
    var reportsJSON: Bool { json }

    /// The members a reader of an attestation report looks at first: no match, no verdict reached.
    var failureFields: [(String, String)] {
        let locator = source.transcript.map { "replay:\($0)" } ?? source.udp.map { "udp:\($0)" } ?? device
        return [("device", JSONText.optional(locator)), ("match", "false"), ("verdict", JSONWriter.quote("error"))]
    }
}
