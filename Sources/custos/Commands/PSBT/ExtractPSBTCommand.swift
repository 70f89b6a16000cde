internal import ArgumentParser
internal import Bitcoin
internal import BitcoinPSBT
internal import Ceremony
internal import Custody
internal import CustosCrypto

/// `custos psbt extract FILE`
struct ExtractPSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print the signed network transaction (hex) of a finalized PSBT.",
        discussion: """
            Refuses (exit 1) a PSBT with unfinalized inputs, a finalized input whose final scripts do not verify \
            (scripts against the spent output, every signature, the threshold, hash type ALL/DEFAULT unless \
            --allow-sighash) or that Custos cannot check (unless --trust-finalized), unknown input amounts, \
            outputs above inputs, or a fee rate above 25,000 sat/vB unless --allow-high-fee. Without a policy a \
            warning says what goes unchecked. With --policy or --manifest it also refuses a \
            transaction outside the migration policy, naming the rule: an output that is not an allowed \
            destination, a fee or fee rate (on the exact size) above a cap, an expired policy, or an input not \
            signed by a quorum of the required cosigners (signers are read back from the final scripts and \
            identified through the PSBT's global xpubs).
            """
    )

    @Argument(help: "The finalized PSBT file (binary or base64); - for standard input.")
    var file: String

    @Flag(name: .long, help: "Allow a fee rate above 25,000 sat/vB.")
    var allowHighFee = false

    @OptionGroup var signatures: SignaturePolicyOptions
    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var audit: AuditLogOption

    func run() throws {
        try audit.checkExisting()
        var decoder = PSBTDecoder()
        var step = try CeremonySteps.extract(
            try PSBTFiles.ceremonyFile(file, decoder: &decoder),
            rules: try signatures.rules(policy: policyOptions.load(), audit: audit),
            maximumFeeRate: allowHighFee ? nil : PSBTExtractor.defaultMaximumFeeRate)
        for line in step.warnings { CommandRunner.printError(line) }
        if allowHighFee { step.record.flags.append("--allow-high-fee") }
        let serialized = step.product.serialized()
        step.record.outputs = [AuditEntry.FileRecord(file: "(standard output: transaction)", bytes: serialized)]
        let note = try audit.append(step.record)
        print(serialized.hexString)
        note.print()
    }
}
