internal import ArgumentParser
internal import PSBT

/// `custos psbt combine FILE FILE... [-o OUT]`
struct CombinePSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combine",
        abstract: "Combine cosigners' copies of one PSBT, checking every partial signature.",
        discussion: """
            Refuses (exit 1) copies of different transactions or PSBT versions, two values for one key, and any \
            partial signature that does not verify against its input's sighash, naming the file, input and key.
            """
    )

    @Argument(help: "PSBT files (binary or base64), at least two; - for standard input.")
    var files: [String]

    @OptionGroup var signatures: SignaturePolicyOptions
    @OptionGroup var output: PSBTOutputOptions

    func validate() throws {
        guard files.count >= 2 else { throw ValidationError("combine needs at least two PSBT files") }
        guard files.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("only one file may be -") }
    }

    func run() throws {
        var decoder = PSBTDecoder()
        let sources = try files.map { NamedPSBT(name: $0, psbt: try PSBTFiles.read($0, decoder: &decoder)) }
        let combined = try PSBTCombiner.combineVerified(
            sources, verifier: PartialSignatureVerifier(allowAnySighash: signatures.allowSighash),
            knownKeys: decoder.parsedKeys
        ).psbt
        try PSBTFiles.write(combined, options: output)
    }
}
