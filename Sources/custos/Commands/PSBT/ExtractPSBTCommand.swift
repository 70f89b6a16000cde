internal import ArgumentParser
internal import Bitcoin
internal import BitcoinPSBT
internal import Ceremony
internal import CustosCrypto

/// `custos psbt extract FILE`
struct ExtractPSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print the signed network transaction (hex) of a finalized PSBT.",
        discussion: """
            Refuses (exit 1) a PSBT with unfinalized inputs, unknown input amounts, outputs above inputs, or a fee \
            rate above 25,000 sat/vB unless --allow-high-fee. With --policy or --manifest it also refuses a \
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

    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var audit: AuditLogOption

    func run() throws {
        try audit.checkExisting()
        let bytes = try FileIO.readInput(file)
        let psbt = try PSBTFiles.read(file, bytes: bytes)
        let transaction = try PSBTExtractor.extract(
            psbt, maximumFeeRate: allowHighFee ? nil : PSBTExtractor.defaultMaximumFeeRate)
        let policy = try policyOptions.load()
        var status: SignatureStatus?
        if policy != nil || audit.auditLog != nil {
            status = try SignatureStatus(psbt, network: policy?.network ?? NetworkChoice.inferred(from: psbt))
        }
        if let policy, let status {
            try policy.checkExtracted(psbt, status: status, label: "the transaction")
        }
        let serialized = transaction.serialized()
        var details: [String: String] = ["wtxid": transaction.wtxid.description]
        if let fee = try psbt.fee() { details["fee_sat"] = String(fee) }
        details["vsize"] = String(transaction.virtualSize)
        if let policy { details["policy"] = policy.source }
        let note = try audit.append(
            AuditRecord(
                action: "extract", inputs: [AuditEntry.FileRecord(file: file, bytes: bytes)],
                outputs: [AuditEntry.FileRecord(file: "(standard output: transaction)", bytes: serialized)],
                txids: [transaction.txid.description], signers: status?.fingerprintsSeen.map(\.description) ?? [],
                details: details))
        print(serialized.hexString)
        note.print()
    }
}
