internal import ArgumentParser

/// `custos lab`: qualify firmware, devices and procedures against recorded vectors before real funds are involved.
struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Replay recorded vectors through Custos's own code and write a report a lab can file.",
        subcommands: [LabRunCommand.self]
    )
}
