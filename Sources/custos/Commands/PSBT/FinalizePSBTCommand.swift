internal import ArgumentParser
internal import BitcoinPSBT
internal import Ceremony

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
    @OptionGroup var audit: AuditLogOption

    func run() throws {
        try audit.checkExisting()
        var decoder = PSBTDecoder()
        let bytes = try FileIO.readInput(file)
        let psbt = try PSBTFiles.read(file, bytes: bytes, decoder: &decoder)
        let report = try PartialSignatureVerifier(allowAnySighash: signatures.allowSighash)
            .verify(psbt, knownKeys: decoder.parsedKeys)
        let finalized = try PSBTFinalizer.finalize(psbt, report: report)
        // Signers are read from the partial signatures before finalizing (their key origins go with them).
        let status =
            audit.auditLog == nil
            ? nil : try SignatureStatus(psbt, network: NetworkChoice.inferred(from: psbt))
        try PSBTStep.write(
            finalized, options: output, audit: audit, action: "finalize",
            inputs: [AuditEntry.FileRecord(file: file, bytes: bytes)], status: status, policy: nil)
    }
}
