internal import ArgumentParser

/// `custos audit`: the ceremony's hash-chained audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify the hash-chained audit log that --audit-log writes.",
        subcommands: [AuditVerifyCommand.self]
    )

    /// `custos audit` alone names no task: show the commands, as a usage error (like a bare `custos`).
    func run() throws {
        CommandRunner.printError(Self.helpMessage())
        throw ExitCode(ExitStatus.usage.rawValue)
    }
}
