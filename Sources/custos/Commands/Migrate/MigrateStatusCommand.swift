internal import ArgumentParser
internal import Bitcoin
internal import BitcoinPSBT
internal import Ceremony

/// `custos migrate status FILE... [--json]`
struct MigrateStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Who has signed which inputs, what is missing, the fee, and whether the files are one transaction.",
        discussion: """
            Files describing the same transaction are combined for the view, so each input shows every cosigner \
            who has signed in any file (every signature verified). A PSBT made by `migrate bump` is reported as a \
            replacement that needs new signatures from every cosigner. With --policy or --manifest, each input \
            also shows the quorum of required cosigners. Exit 0 when all files describe one transaction and every \
            signature verifies, 1 otherwise (reason on stderr), 2 for a file that is not a PSBT.
            """
    )

    @Argument(help: "PSBT files (binary or base64): the plan, cosigners' signed copies, combined or final PSBTs.")
    var files: [String]

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    @Option(name: .long, help: "Network for addresses (default: the policy's, else from the PSBT's global xpubs).")
    var network: String?

    @OptionGroup var policyOptions: PolicyOptions

    /// Per-input lines in text mode beyond which inputs with the same status are summarised.
    static let detailedInputLimit = 20

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one PSBT file") }
        guard files.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("only one file may be -") }
        _ = try NetworkChoice.parse(network)
    }

    func run() throws {
        var decoder = PSBTDecoder()
        let sources = try files.map { NamedPSBT(name: $0, psbt: try PSBTFiles.read($0, decoder: &decoder)) }
        let policy = try policyOptions.load()
        let chosen =
            try NetworkChoice.parse(network) ?? policy?.network
            ?? NetworkChoice.inferred(from: sources[0].psbt)
        let status = try CeremonyStatus(sources, network: chosen)
        if json {
            ReportOutput.print(try JSONDocument.text(StatusDocument(status, policy: policy)))
        } else {
            print(Self.text(status, policy: policy), terminator: "")
        }
        if let failure = status.failure { throw failure }
    }

    static func quorum(_ input: SignatureStatus.Input, _ policy: CeremonyPolicy) -> Int {
        let required = Set(policy.policy.requiredCosigners)
        return Set(input.signers.filter(\.hasSigned).compactMap { $0.fingerprint?.description })
            .intersection(required).count
    }

    static func text(_ status: CeremonyStatus, policy: CeremonyPolicy?) -> String {
        var lines: [String] = []
        for (number, transaction) in status.transactions.enumerated() {
            if status.transactions.count > 1 {
                lines.append("transaction \(number + 1) of \(status.transactions.count)")
            }
            let inspection = transaction.status.inspection
            lines.append(
                "PSBT version \(transaction.version), unsigned txid \(transaction.txid), "
                    + "\(transaction.status.inputs.count) inputs, from: \(transaction.files.joined(separator: ", "))")
            if let replaced = transaction.replaces {
                lines.append(
                    "REPLACEMENT (fee bump) of transaction \(replaced): every cosigner must sign this new PSBT; "
                        + "signatures on the original do not carry over")
                let originals = status.transactions.filter { $0.txid == replaced }.flatMap(\.files)
                if !originals.isEmpty {
                    lines.append("  the original is also given (\(originals.joined(separator: ", "))); do not mix them")
                }
            }
            for output in inspection.outputs {
                lines.append(
                    "  pays \(MigratePlanCommand.satoshis(output.value)) to "
                        + (output.address ?? "script \(output.script)"))
            }
            var feeLine = "  fee " + (inspection.fee.map(MigratePlanCommand.satoshis) ?? "unknown")
            if let fee = inspection.fee, let range = transaction.status.virtualSizeRange {
                let low = FeeRate.achieved(fee: fee, virtualSize: range.upper)
                let high = FeeRate.achieved(fee: fee, virtualSize: range.typical)
                feeLine +=
                    range.upper == range.typical
                    ? ", \(MigratePlanCommand.rate(low)) sat/vB (\(range.upper) vB)"
                    : ", \(MigratePlanCommand.rate(low))-\(MigratePlanCommand.rate(high)) sat/vB once signed "
                        + "(\(range.typical)-\(range.upper) vB)"
            }
            lines.append(feeLine)
            lines.append("  cosigners:")
            for cosigner in transaction.cosigners {
                let name = cosigner.fingerprint?.description ?? "key \(cosigner.sampleKey.prefix(16))..."
                let state =
                    cosigner.inputsSigned == cosigner.inputsToSign
                    ? "signed all \(cosigner.inputsToSign) inputs"
                    : cosigner.inputsSigned == 0
                        ? "has not signed" : "signed \(cosigner.inputsSigned) of \(cosigner.inputsToSign) inputs"
                lines.append("    \(name)  \(state)")
            }
            let inputs = transaction.status.inputs
            if inputs.count <= detailedInputLimit {
                for input in inputs { lines.append(inputLine(input, policy: policy)) }
            } else {
                // Many inputs: one line per distinct status, with how many inputs share it.
                var groups: [(line: String, count: Int)] = []
                for input in inputs {
                    let line = inputLine(input, policy: policy, withIndex: false)
                    if let position = groups.firstIndex(where: { $0.line == line }) {
                        groups[position].count += 1
                    } else {
                        groups.append((line, 1))
                    }
                }
                for group in groups { lines.append("  \(group.count) inputs:" + group.line.dropFirst(3)) }
            }
            for problem in transaction.problems.prefix(10) { lines.append("  problem: \(problem)") }
            let complete = transaction.status.inputs.allSatisfy(\.finalized)
            let summary: String
            if complete {
                summary = "finalized: ready to extract"
            } else if transaction.isComplete {
                summary = "enough signatures on every input: combine, then finalize"
            } else {
                let missing = inputs.reduce(0) { $0 + $1.missing }
                summary =
                    "\(transaction.inputsComplete) of \(inputs.count) inputs have enough signatures; "
                    + "\(missing) signature\(missing == 1 ? "" : "s") still missing"
            }
            lines.append("  status: \(summary)")
        }
        lines.append(
            status.sameTransaction
                ? "all \(status.files.count) file\(status.files.count == 1 ? "" : "s") describe the same transaction"
                : "the files describe \(status.transactions.count) DIFFERENT transactions")
        return lines.joined(separator: "\n") + "\n"
    }

    static func inputLine(_ input: SignatureStatus.Input, policy: CeremonyPolicy?, withIndex: Bool = true) -> String {
        let prefix = withIndex ? "  #\(input.index)" : "  #"
        if input.finalized {
            let signed = input.signers.filter(\.hasSigned).map(signerName).joined(separator: ", ")
            return "\(prefix) finalized; signed by \(signed.isEmpty ? "(unknown)" : signed)"
        }
        let signed = input.signers.filter(\.hasSigned).map(signerName)
        let missing = input.signers.filter { !$0.hasSigned }.map(signerName)
        var line = "\(prefix) \(input.signatureCount)/\(input.required.map(String.init) ?? "?") signatures"
        if !signed.isEmpty { line += "; signed: \(signed.joined(separator: ", "))" }
        if input.missing > 0 {
            line += "; needs \(input.missing) more from: \(missing.joined(separator: ", "))"
        }
        if let policy {
            line += "; policy quorum \(quorum(input, policy))/\(policy.policy.quorum)"
        }
        return line
    }

    static func signerName(_ signer: SignatureStatus.Signer) -> String {
        signer.fingerprint?.description ?? "key " + signer.publicKey.prefix(16) + "..."
    }
}

/// The JSON form of `migrate status` (keys are stable; absent values are null).
struct StatusDocument: Encodable {
    let status: CeremonyStatus
    let policy: CeremonyPolicy?

    init(_ status: CeremonyStatus, policy: CeremonyPolicy?) {
        self.status = status
        self.policy = policy
    }

    enum Keys: String, CodingKey {
        case sameTransaction = "same_transaction"
        case files, transactions
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(status.sameTransaction, forKey: .sameTransaction)
        try container.encode(
            status.files.map {
                ["file": $0.name, "txid": $0.txid.description, "signatures": String($0.signatureCount)]
            }, forKey: .files)
        try container.encode(
            status.transactions.map { TransactionDocument(transaction: $0, policy: policy) }, forKey: .transactions)
    }

    struct TransactionDocument: Encodable {
        let transaction: CeremonyStatus.Transaction
        let policy: CeremonyPolicy?

        enum Keys: String, CodingKey {
            case txid, version, files, fee, vsizeMax = "vsize_max", vsizeTypical = "vsize_typical"
            case outputs, cosigners, inputs, complete, replaces, needsNewSignatures = "needs_new_signatures"
            case problems
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            let inspection = transaction.status.inspection
            try container.encode(transaction.txid.description, forKey: .txid)
            try container.encode(transaction.version, forKey: .version)
            try container.encode(transaction.files, forKey: .files)
            try container.encode(inspection.fee, forKey: .fee)
            try container.encode(transaction.status.virtualSizeRange?.upper, forKey: .vsizeMax)
            try container.encode(transaction.status.virtualSizeRange?.typical, forKey: .vsizeTypical)
            try container.encode(
                inspection.outputs.map { OutputDocument(address: $0.address, value: $0.value) }, forKey: .outputs)
            try container.encode(
                transaction.cosigners.map {
                    CosignerDocument(
                        fingerprint: $0.fingerprint?.description, signed: $0.inputsSigned, toSign: $0.inputsToSign)
                }, forKey: .cosigners)
            try container.encode(
                transaction.status.inputs.map { InputDocument(input: $0, policy: policy) }, forKey: .inputs)
            try container.encode(transaction.isComplete, forKey: .complete)
            try container.encode(transaction.replaces?.description, forKey: .replaces)
            try container.encode(
                transaction.replaces != nil && transaction.signatureCount == 0, forKey: .needsNewSignatures)
            try container.encode(transaction.problems, forKey: .problems)
        }
    }

    struct OutputDocument: Encodable {
        let address: String?
        let value: Int64
    }

    struct CosignerDocument: Encodable {
        let fingerprint: String?
        let signed: Int
        let toSign: Int

        enum CodingKeys: String, CodingKey {
            case fingerprint, signed
            case toSign = "to_sign"
        }
    }

    struct InputDocument: Encodable {
        let input: SignatureStatus.Input
        let policy: CeremonyPolicy?

        enum Keys: String, CodingKey {
            case index, txid, vout, value, finalized, required, signed, missing, missingCount = "missing_count"
            case quorum, problems
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(input.index, forKey: .index)
            try container.encode(input.previousOutput.txid.description, forKey: .txid)
            try container.encode(input.previousOutput.index, forKey: .vout)
            try container.encode(input.amount, forKey: .value)
            try container.encode(input.finalized, forKey: .finalized)
            try container.encode(input.required, forKey: .required)
            try container.encode(
                input.signers.filter(\.hasSigned).map(MigrateStatusCommand.signerName), forKey: .signed)
            try container.encode(
                input.signers.filter { !$0.hasSigned }.map(MigrateStatusCommand.signerName), forKey: .missing)
            try container.encode(input.missing, forKey: .missingCount)
            try container.encode(policy.map { MigrateStatusCommand.quorum(input, $0) }, forKey: .quorum)
            try container.encode(input.problems, forKey: .problems)
        }
    }
}
