internal import ArgumentParser

/// `custos devices`: find signing devices and check the firmware they run.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List signing devices and attest the firmware they run.",
        subcommands: [ListDevicesCommand.self, AttestDeviceCommand.self, WatchDevicesCommand.self]
    )
}
