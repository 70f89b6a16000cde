internal import ArgumentParser

/// Placeholder replaced below.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check USB access.")
    func run() async throws {}
}
