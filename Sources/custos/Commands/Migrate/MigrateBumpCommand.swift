internal import ArgumentParser
internal import Bitcoin
internal import BitcoinPSBT
internal import Ceremony
internal import Custody

/// `custos migrate bump FILE --fee-rate SATVB -o OUT`
struct MigrateBumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bump",
        abstract: "Write a replacement PSBT (BIP125) paying a higher fee from the same inputs, for a fee race.",
        discussion: """
            FILE is the plan's PSBT or any unfinalized copy. The replacement spends the same inputs to the same \
            destination; its fee is FEE-RATE times the largest finalized size and must exceed the current fee by at \
            least 1 sat/vB (BIP125 rule 4). Every signature is dropped: all cosigners must sign the new PSBT, and \
            `custos migrate status` says so. With --policy or --manifest the new fee must stay within the caps.
            """
    )

    @Argument(help: "The PSBT to replace (binary or base64); - for standard input.")
    var file: String

    @Option(name: .long, help: "The new fee rate in sat/vB.")
    var feeRate: String

    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var output: PSBTOutputOptions
    @OptionGroup var audit: AuditLogOption

    func validate() throws {
        guard let rate = FeeRate(feeRate), rate >= .minimumRelay, rate <= .maximum else {
            throw ValidationError("--fee-rate must be a number of sat/vB from 1 to 100,000, got \(feeRate)")
        }
    }

    func run() throws {
        try audit.checkExisting()
        let bytes = try FileIO.readInput(file)
        guard let rate = FeeRate(feeRate) else { throw ValidationError("invalid --fee-rate") }
        var step = try CeremonySteps.bump(
            CeremonyFile(name: file, bytes: bytes, psbt: try PSBTFiles.read(file, bytes: bytes)), feeRate: rate,
            rules: CeremonyRules(policy: try policyOptions.load()))
        for line in step.warnings { CommandRunner.printError(line) }
        let bump = step.product
        let encoded = output.binary ? bump.psbt.serialized() : Array((bump.psbt.base64 + "\n").utf8)
        let destination = output.output ?? "-"
        if destination != "-" { try FileIO.writeAtomically(encoded, to: destination) }
        step.record.outputs = [
            AuditEntry.FileRecord(file: destination == "-" ? "(standard output)" : destination, bytes: encoded)
        ]
        let note = try audit.append(step.record)
        if destination == "-" { try FileIO.writeAtomically(encoded, to: "-") }
        let summary =
            "replacement \(bump.txid) for \(bump.replaces): fee \(MigratePlanCommand.satoshis(bump.originalFee)) -> "
            + "\(MigratePlanCommand.satoshis(bump.fee)) (at least \(rate) sat/vB for \(bump.virtualSizeUpperBound) vB), "
            + "pays \(MigratePlanCommand.satoshis(bump.amount))\n"
            + "Every cosigner must sign this new PSBT: signatures on the original do not carry over.\n"
        if destination == "-" { CommandRunner.printError(summary) } else { print(summary, terminator: "") }
        note.print()
    }
}
