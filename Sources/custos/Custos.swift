internal import ArgumentParser
internal import CustosCrypto

/// The `custos` command tree. Subcommands arrive with the engines they drive.
struct Custos: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "custos",
            abstract: "Verify hardware-wallet firmware and devices, and coordinate emergency multisig migrations.",
            discussion: """
                Exit codes: 0 ok, 1 rejected (reason on stderr or in JSON "problems"), 2 unparsable or \
                unsupported input, 64 usage error.
                """,
            version: CustosVersion.description,
            subcommands: [
                SelfTestCommand.self, FirmwareCommand.self, DevicesCommand.self, DoctorCommand.self, LabCommand.self,
                ManifestCommand.self,
                PSBTCommand.self,
                MigrateCommand.self, AuditCommand.self,
                QRCommand.self,
            ]
        )
    }
}

/// The version of this build and of the C libraries it runs with.
enum CustosVersion {
    static let number = "0.1.0"

    static var description: String {
        """
        custos \(number)
        \(LibraryVersions.openSSL)
        libsodium \(LibraryVersions.sodium)
        """
    }
}
