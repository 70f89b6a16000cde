internal import ArgumentParser
internal import PSBT

/// `custos psbt finalize FILE [-o OUT]`
struct FinalizePSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalize",
        abstract: "Finalize multisig inputs once enough valid signatures are present.",
        discussion: """
            Handles sh(multi/sortedmulti), sh(wsh(...)), wsh(...) and tr(KEY, multi_a/sortedmulti_a) script paths \
            (and single-key pkh, wpkh, sh(wpkh) and taproot key paths). Every partial signature is verified first. \
            Exit 1 names each input that still lacks signatures and the keys that have not signed; nothing is \
            written then.
            """
    )

    @Argument(help: "The PSBT file (binary or base64); - for standard input.")
    var file: String

    @OptionGroup var signatures: SignaturePolicyOptions
    @OptionGroup var output: PSBTOutputOptions

    func run() throws {
        var decoder = PSBTDecoder()
        let psbt = try PSBTFiles.read(file, decoder: &decoder)
        let report = try PartialSignatureVerifier(allowAnySighash: signatures.allowSighash)
            .verify(psbt, knownKeys: decoder.parsedKeys)
        let finalized = try PSBTFinalizer.finalize(psbt, report: report)
        try PSBTFiles.write(finalized, options: output)
    }
}
