internal import ArgumentParser
internal import BitcoinPSBT
internal import Ceremony

/// `custos psbt combine FILE FILE... [-o OUT]`
struct CombinePSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combine",
        abstract: "Combine cosigners' copies of one PSBT, checking every partial signature.",
        discussion: """
            Refuses (exit 1) copies of different transactions or PSBT versions, two values for one key, and any \
            partial signature that does not verify against its input's sighash, naming the file, input and key. \
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
        var records: [AuditEntry.FileRecord] = []
        var sources: [NamedPSBT] = []
        for file in files {
            let bytes = try FileIO.readInput(file)
            records.append(AuditEntry.FileRecord(file: file, bytes: bytes))
            sources.append(NamedPSBT(name: file, psbt: try PSBTFiles.read(file, bytes: bytes, decoder: &decoder)))
        }
        let combined = try PSBTCombiner.combineVerified(
            sources, verifier: PartialSignatureVerifier(allowAnySighash: signatures.allowSighash),
            knownKeys: decoder.parsedKeys
        ).psbt
        let policy = try policyOptions.load()
        var status: SignatureStatus?
        if policy != nil || audit.auditLog != nil {
            status = try SignatureStatus(
                combined, network: policy?.network ?? NetworkChoice.inferred(from: combined))
        }
        if let policy, let status {
            try policy.checkCombined(combined, status: status, label: "the combined PSBT")
        }
        try PSBTStep.write(
            combined, options: output, audit: audit, action: "combine", inputs: records, status: status,
            policy: policy)
    }
}
