internal import ArgumentParser
internal import QR

/// `custos qr`: files as (animated) QR codes for air-gapped signers, and back.
struct QRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr",
        abstract: "Send files to air-gapped signers as animated QR codes (BBQr or UR) and reassemble their answers.",
        discussion: """
            encode writes the part strings (one per line), PNG frames, a self-contained animated HTML page or \
            half-block terminal frames; decode reassembles a file from part strings or scanned PNG images \
            (zbar), exit 1 while parts are missing.
            """,
        subcommands: [QREncodeCommand.self, QRDecodeCommand.self]
    )

    /// `custos qr` alone names no task: show the commands, as a usage error (like a bare `custos`).
    func run() throws {
        CommandRunner.printError(Self.helpMessage())
        throw ExitCode(ExitStatus.usage.rawValue)
    }
}
