internal import ArgumentParser
internal import Bitcoin
internal import BitcoinPSBT
internal import Ceremony
internal import Custody

/// `custos migrate plan --descriptor DESC --utxos UTXOS.json --to ADDRESS --fee-rate SATVB -o OUT.psbt`
struct MigratePlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Write the unsigned PSBT(s) sweeping every listed UTXO to the safe address, with no change.",
        discussion: """
            DESC is a descriptor with key origins, xpubs and checksum (wsh(sortedmulti(...)), sh(wsh(...)), \
            sh(sortedmulti(...)), tr(KEY,sortedmulti_a(...))) using <0;1>/*, or a file holding it (or two: /0/* \
            then /1/*); --descriptor may also be given twice. UTXOS.json is a JSON array of {"txid", "vout", \
            "value" (sats), "index", "change" (bool), "prev_tx" (hex, optional)}; each UTXO's script is derived \
            from the descriptor and must match prev_tx's output when given. Inputs signal RBF (sequence \
            0xfffffffd). The fee is FEE-RATE times the largest finalized size (72-byte ECDSA signatures), so the \
            rate reached is never below the request. A sweep heavier than 400,000 weight units (or with more \
            inputs than --max-inputs) is split: OUT.psbt becomes OUT-1.psbt, OUT-2.psbt, ... (each listed on \
            stdout). Refused (exit 1) with the rule named when outside the migration policy.
            """
    )

    @Option(name: .long, help: "The wallet's descriptor, or a file holding it (may be given twice: receive, change).")
    var descriptor: [String] = []

    @Option(name: .long, help: "UTXOS.json: the outputs to sweep.")
    var utxos: String

    @Option(name: .long, help: "The safe address (network checked).")
    var to: String

    @Option(name: .long, help: "Fee rate in sat/vB (at least 1; up to three decimals).")
    var feeRate: String

    @OptionGroup var policyOptions: PolicyOptions

    @Option(name: .long, help: "At most N inputs per PSBT.")
    var maxInputs: Int?

    @Option(name: .long, help: "PSBT version: 0 (BIP174, default; what most signers read) or 2 (BIP370).")
    var psbtVersion: UInt32 = 0

    @Option(name: .long, help: "Network of the address: main, test, testnet4, signet or regtest (default: policy's).")
    var network: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "Write the PSBT here (split: OUT-1.psbt, ...).")
    var output: String?

    @Flag(name: .long, help: "Write binary PSBTs instead of base64 text.")
    var binary = false

    @Flag(name: .long, help: "Print the plan's summary as one JSON document.")
    var json = false

    @OptionGroup var audit: AuditLogOption

    func validate() throws {
        guard !descriptor.isEmpty else { throw ValidationError("--descriptor is required") }
        guard let rate = FeeRate(feeRate) else {
            throw ValidationError("--fee-rate must be a number of sat/vB such as 12 or 12.5, got \(feeRate)")
        }
        guard rate >= .minimumRelay else {
            throw ValidationError("--fee-rate \(feeRate) is below the minimum relay fee of 1 sat/vB")
        }
        guard rate <= .maximum else { throw ValidationError("--fee-rate \(feeRate) is absurd (above 100,000 sat/vB)") }
        if let maxInputs, maxInputs < 1 { throw ValidationError("--max-inputs must be at least 1") }
        guard psbtVersion == 0 || psbtVersion == 2 else { throw ValidationError("--psbt-version must be 0 or 2") }
        _ = try NetworkChoice.parse(network)
    }

    func run() throws {
        try audit.checkExisting()
        let (wallet, walletFiles) = try WalletInput.read(descriptor)
        let utxoBytes = try FileIO.readInput(utxos)
        let list = try UTXO.parseList(utxoBytes)
        let policy = try policyOptions.load()
        guard let rate = FeeRate(feeRate) else { throw ValidationError("invalid --fee-rate") }
        var step = try CeremonySteps.plan(
            SweepRequest(
                wallet: wallet, utxos: list, destination: to, feeRate: rate, network: try NetworkChoice.parse(network),
                policy: policy, maximumInputs: maxInputs, psbtVersion: psbtVersion),
            inputs: walletFiles + [AuditEntry.FileRecord(file: utxos, bytes: utxoBytes)])
        for line in step.warnings { CommandRunner.printError(line) }
        let plan = step.product
        let names = try Self.outputNames(output, count: plan.parts.count)
        let toStandardOutput = names == ["-"]
        if !toStandardOutput {
            for (part, name) in zip(plan.parts, names) {
                let bytes = Self.encode(part.psbt, binary: binary)
                try FileIO.writeAtomically(bytes, to: name)
                step.record.outputs.append(AuditEntry.FileRecord(file: name, bytes: bytes))
            }
        }
        let standardOutputBytes = toStandardOutput ? Self.encode(plan.parts[0].psbt, binary: binary) : []
        if toStandardOutput {
            step.record.outputs.append(AuditEntry.FileRecord(file: "(standard output)", bytes: standardOutputBytes))
        }
        let note = try audit.append(step.record)
        if toStandardOutput {
            try FileIO.writeAtomically(standardOutputBytes, to: "-")
        }
        let summary =
            json
            ? Self.json(plan, names: names, policy: policy)
            : Self.text(plan, names: names, policy: policy, utxoCount: list.count)
        if toStandardOutput {
            CommandRunner.printError(summary)
        } else {
            ReportOutput.print(summary, terminator: "")
        }
        note.print()
    }

    static func encode(_ psbt: PSBT, binary: Bool) -> [UInt8] {
        binary ? psbt.serialized() : Array((psbt.base64 + "\n").utf8)
    }

    /// OUT for one PSBT; OUT-1.psbt, OUT-2.psbt, ... (OUT without its .psbt extension) for several.
    static func outputNames(_ output: String?, count: Int) throws -> [String] {
        guard let output, output != "-" else {
            guard count == 1 else {
                throw ValidationError("the sweep needs \(count) PSBTs; name the output with -o OUT.psbt")
            }
            return ["-"]
        }
        guard count > 1 else { return [output] }
        let stem = output.hasSuffix(".psbt") ? String(output.dropLast(5)) : output
        return (1...count).map { "\(stem)-\($0).psbt" }
    }

    static func satoshis(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { grouped += "," }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped + " sat"
    }

    static func rate(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }

    static func text(_ plan: SweepPlan, names: [String], policy: CeremonyPolicy?, utxoCount: Int) -> String {
        var lines: [String] = []
        let total = plan.parts.reduce(Int64(0)) { $0 + $1.inputTotal }
        lines.append(
            "Sweep of \(utxoCount) UTXO\(utxoCount == 1 ? "" : "s") (\(satoshis(total))) to \(plan.destination) at "
                + "\(plan.feeRate) sat/vB: \(plan.parts.count) transaction\(plan.parts.count == 1 ? "" : "s")")
        for (part, name) in zip(plan.parts, names) {
            let range = part.feeRateRange
            lines.append("  \(name == "-" ? "(standard output)" : name)")
            lines.append("      unsigned txid \(part.txid)")
            lines.append(
                "      \(part.utxoPositions.count) inputs (UTXOs \(part.utxoPositions.lowerBound + 1)-"
                    + "\(part.utxoPositions.upperBound)), \(satoshis(part.inputTotal)) in, "
                    + "pays \(satoshis(part.amount))")
            lines.append(
                "      fee \(satoshis(part.fee)): \(rate(range.lowest))-\(rate(range.highest)) sat/vB once signed "
                    + "(\(part.virtualSizeTypical)-\(part.virtualSizeUpperBound) vB, "
                    + "weight at most \(part.weightUpperBound))")
        }
        if plan.parts.count > 1 {
            lines.append("  total fee \(satoshis(plan.totalFee)), total paid \(satoshis(plan.totalAmount))")
        }
        for warning in plan.warnings { lines.append("warning: \(warning)") }
        if let policy {
            let rule = policy.policy
            lines.append(
                "policy \(policy.source): destination allowed, fees within \(satoshis(rule.maximumFee)) and "
                    + "\(CeremonyPolicyText.rate(rule.maximumFeeRate)) sat/vB, valid until \(rule.expires); signers "
                    + "must be \(rule.quorum) of \(rule.requiredCosigners.joined(separator: ", "))")
        }
        lines.append(
            "Next: each cosigner signs a copy of \(plan.parts.count == 1 ? "this PSBT" : "each PSBT"); "
                + "`custos migrate status` shows who has signed.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ plan: SweepPlan, names: [String], policy: CeremonyPolicy?) -> String {
        let document = PlanDocument(
            destination: plan.destination.description, feeRate: plan.feeRate.satoshisPerVbyte,
            totalFee: plan.totalFee, totalAmount: plan.totalAmount, policy: policy?.source,
            warnings: plan.warnings,
            transactions: zip(plan.parts, names).map { part, name in
                PlanDocument.Part(
                    file: name, txid: part.txid.description, inputs: part.utxoPositions.count,
                    firstUTXO: part.utxoPositions.lowerBound, inputTotal: part.inputTotal, fee: part.fee,
                    amount: part.amount, vsizeMax: part.virtualSizeUpperBound, vsizeTypical: part.virtualSizeTypical,
                    weightMax: part.weightUpperBound, feeRateMin: part.feeRateRange.lowest,
                    feeRateMax: part.feeRateRange.highest)
            })
        return ((try? JSONDocument.text(document)) ?? "{}") + "\n"
    }
}

/// The JSON form of a plan (keys are stable).
struct PlanDocument: Encodable {
    struct Part: Encodable {
        let file: String
        let txid: String
        let inputs: Int
        /// Position (0-based) of the first UTXO in UTXOS.json.
        let firstUTXO: Int
        let inputTotal: Int64
        let fee: Int64
        let amount: Int64
        let vsizeMax: Int
        let vsizeTypical: Int
        let weightMax: Int
        let feeRateMin: Double
        let feeRateMax: Double

        enum CodingKeys: String, CodingKey {
            case file, txid, inputs, fee, amount
            case firstUTXO = "first_utxo"
            case inputTotal = "input_total"
            case vsizeMax = "vsize_max"
            case vsizeTypical = "vsize_typical"
            case weightMax = "weight_max"
            case feeRateMin = "fee_rate_min"
            case feeRateMax = "fee_rate_max"
        }
    }

    let destination: String
    let feeRate: Double
    let totalFee: Int64
    let totalAmount: Int64
    let policy: String?
    let warnings: [String]
    let transactions: [Part]

    enum CodingKeys: String, CodingKey {
        case destination, policy, warnings, transactions
        case feeRate = "fee_rate"
        case totalFee = "total_fee"
        case totalAmount = "total_amount"
    }
}

/// Number formatting shared by the ceremony commands.
enum CeremonyPolicyText {
    static func rate(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
