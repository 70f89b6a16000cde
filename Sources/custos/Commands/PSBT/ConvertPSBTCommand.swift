internal import ArgumentParser
internal import BitcoinPSBT

/// `custos psbt convert FILE --to 0|2 [-o OUT]`
struct ConvertPSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a PSBT between version 0 (BIP174) and version 2 (BIP370) without losing data.",
        discussion: """
            Every record other than the transaction fields is kept; a version 2 PSBT with fields version 0 cannot \
            hold (input lock-time requirements, modifiable flags) is refused rather than stripped.
            """
    )

    @Argument(help: "The PSBT file (binary or base64); - for standard input.")
    var file: String

    @Option(name: .long, help: "Target PSBT version: 0 or 2.")
    var to: UInt32

    @OptionGroup var output: PSBTOutputOptions

    func validate() throws {
        guard to == 0 || to == 2 else { throw ValidationError("--to must be 0 or 2") }
    }

    func run() throws {
        let psbt = try PSBTFiles.read(file)
        try PSBTFiles.write(try PSBTVersionConverter.convert(psbt, to: to), options: output)
    }
}
