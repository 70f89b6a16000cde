internal import ArgumentParser
internal import Ceremony
internal import PSBT

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
        let bytes = try FileIO.readInput(file)
        let psbt = try PSBTFiles.read(file, bytes: bytes, decoder: &decoder)
        let report = try signatures.verifier.verify(psbt, knownKeys: decoder.parsedKeys)
        let (finalized, finalizedReport) = try PSBTFinalizer.finalizeReporting(psbt, report: report)
        for line in report.trustWarnings { CommandRunner.printError(line) }
        let policy = try policyOptions.load(warningFor: "finalize")
        let network = policy?.network ?? NetworkChoice.inferred(from: psbt)
        if let policy {
            let finalStatus = try SignatureStatus(finalized, network: network, report: finalizedReport)
            try policy.checkExtracted(finalized, status: finalStatus, label: "the finalized PSBT")
        }
        // Signers are read from the partial signatures before finalizing (their key origins go with them).
        let status = audit.auditLog == nil ? nil : try SignatureStatus(psbt, network: network, report: report)
        try PSBTStep.write(
            finalized, options: output, audit: audit, action: "finalize",
            inputs: [AuditEntry.FileRecord(file: file, bytes: bytes)], status: status, policy: policy,
            flags: signatures.flags)
    }
}
