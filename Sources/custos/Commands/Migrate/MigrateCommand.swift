internal import ArgumentParser

/// `custos migrate`: the emergency sweep of a compromised multisig wallet to a pinned safe address.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Plan, track and bump the emergency sweep of a multisig wallet; export device registration files.",
        discussion: """
            A ceremony: `migrate export` (cosigners register the wallet on their devices), `migrate plan` (unsigned \
            PSBTs), cosigners sign copies, `migrate status` (who has signed), `psbt combine`, `psbt finalize`, \
            `psbt extract`; `migrate bump` if the sweep must pay more. With --policy or --manifest, plan, combine \
            and extract refuse anything outside the migration policy, naming the rule; with --audit-log every step \
            is recorded in a hash-chained log (`custos audit verify`).
            """,
        subcommands: [
            MigratePlanCommand.self, MigrateStatusCommand.self, MigrateBumpCommand.self, MigrateExportCommand.self,
        ]
    )

    /// `custos migrate` alone names no task: show the commands, as a usage error (like a bare `custos`).
    func run() throws {
        CommandRunner.printError(Self.helpMessage())
        throw ExitCode(ExitStatus.usage.rawValue)
    }
}
