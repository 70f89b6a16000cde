internal import ArgumentParser
internal import BitcoinPSBT
internal import Ceremony
internal import Custody

/// `custos psbt finalize FILE [-o OUT]`
struct FinalizePSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalize",
        abstract: "Finalize multisig inputs once enough valid signatures are present.",
        discussion: """
            Handles sh(multi/sortedmulti), sh(wsh(...)), wsh(...) and tr(KEY, multi_a/sortedmulti_a) script paths \
            (and single-key pkh, wpkh, sh(wpkh) and taproot key paths). Every partial signature and every input \
            already finalized is verified first. Exit 1 names each input that still lacks signatures and the keys \
            that have not signed; nothing is written then. With --policy or --manifest the finalized PSBT must also \
            pass the policy as extract checks it (destinations, fee caps on the exact size, expiry, the required \
            cosigners' quorum read back from the final scripts through the global xpubs); without one a warning \
            says what goes unchecked.
            """
    )

    @Argument(help: "The PSBT file (binary or base64); - for standard input.")
    var file: String

    @OptionGroup var signatures: SignaturePolicyOptions
    @OptionGroup var output: PSBTOutputOptions
    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var audit: AuditLogOption

    func run() throws {
        try audit.checkExisting()
        var decoder = PSBTDecoder()
        let step = try CeremonySteps.finalize(
            try PSBTFiles.ceremonyFile(file, decoder: &decoder),
            rules: try signatures.rules(policy: policyOptions.load(), audit: audit), knownKeys: decoder.parsedKeys)
        for line in step.warnings { CommandRunner.printError(line) }
        try PSBTStep.write(step.product, options: output, audit: audit, record: step.record)
    }
}
