internal import ArgumentParser
internal import BitcoinPSBT
internal import Ceremony
internal import Custody

/// `custos psbt combine FILE FILE... [-o OUT]`
struct CombinePSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combine",
        abstract: "Combine cosigners' copies of one PSBT, checking every partial signature.",
        discussion: """
            Refuses (exit 1) copies of different transactions or PSBT versions, two values for one key, and any \
            partial signature that does not verify against its input's sighash, naming the file, input and key. \
            A finalized input is checked too (its scripts against the spent output, every signature, the \
            threshold); copies that finalize an input differently are refused naming the files, and valid partial \
            signatures another copy's verified final scripts supersede are listed on stderr. MuSig2 partial \
            signatures are refused as unsupported (exit 2). Without a policy a warning says what goes unchecked. \
            With --policy or --manifest it also refuses a combined PSBT outside the migration policy (an output \
            that is not an allowed destination, a fee above a cap, an expired policy, a signature from a cosigner \
            the policy does not require), naming the rule.
            """
    )

    @Argument(help: "PSBT files (binary or base64), at least two; - for standard input.")
    var files: [String]

    @OptionGroup var signatures: SignaturePolicyOptions
    @OptionGroup var output: PSBTOutputOptions
    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var audit: AuditLogOption

    func validate() throws {
        guard files.count >= 2 else { throw ValidationError("combine needs at least two PSBT files") }
        guard files.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("only one file may be -") }
    }

    func run() throws {
        try audit.checkExisting()
        var decoder = PSBTDecoder()
        var files: [CeremonyFile] = []
        for file in self.files { files.append(try PSBTFiles.ceremonyFile(file, decoder: &decoder)) }
        let step = try CeremonySteps.combine(
            files, rules: try signatures.rules(policy: policyOptions.load(), audit: audit),
            knownKeys: decoder.parsedKeys)
        for line in step.warnings { CommandRunner.printError(line) }
        try PSBTStep.write(step.product, options: output, audit: audit, record: step.record)
    }
}
