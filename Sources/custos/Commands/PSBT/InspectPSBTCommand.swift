internal import ArgumentParser
internal import Bitcoin
internal import BitcoinPSBT
internal import CustosCrypto

/// `custos psbt inspect FILE [--json]`
struct InspectPSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a PSBT's transaction, fee, and which cosigners have signed each input.",
        discussion: """
            Every partial signature and every finalized input (its scripts against the spent output, every \
            signature, the threshold) is verified; what fails is listed under problems and the PSBT is not \
            complete (the exit status stays 0: inspecting is not approving). JSON keys: version, txid, fee, fee_rate, vsize, inputs[] (signatures[], \
            signers[], required, finalized, ...), outputs[] (address, value, ...), complete, problems.
            """
    )

    @Argument(help: "The PSBT file (binary or base64); - for standard input.")
    var file: String

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    @Option(
        name: .long,
        help:
            "Network for addresses: main, test, testnet4, signet or regtest (default: test when the PSBT's global xpubs are tpubs, else main)."
    )
    var network: String?

    @OptionGroup var signatures: SignaturePolicyOptions

    func validate() throws {
        _ = try NetworkChoice.parse(network)
    }

    func run() throws {
        let psbt = try PSBTFiles.read(file)
        let chosen = try NetworkChoice.parse(network) ?? NetworkChoice.inferred(from: psbt)
        let report = try signatures.verifier.verify(psbt)
        for line in report.trustWarnings { CommandRunner.printError(line) }
        let inspection = try PSBTInspection(psbt, network: chosen, report: report)
        if json {
            ReportOutput.print(try JSONDocument.text(InspectionDocument(inspection, network: chosen)))
        } else {
            print(Self.text(inspection, network: chosen), terminator: "")
        }
    }

    static func bitcoin(_ satoshis: Int64) -> String {
        let sign = satoshis < 0 ? "-" : ""
        let magnitude = satoshis.magnitude
        let fraction = String(magnitude % 100_000_000)
        return "\(sign)\(magnitude / 100_000_000).\(String(repeating: "0", count: 8 - fraction.count))\(fraction) BTC"
    }

    static func text(_ inspection: PSBTInspection, network: Network) -> String {
        var lines: [String] = []
        lines.append("PSBT version \(inspection.version), unsigned txid \(inspection.txid)")
        var feeLine = "fee: " + (inspection.fee.map { "\($0) sat" } ?? "unknown (input amounts missing)")
        if let rate = inspection.feeRate, let size = inspection.virtualSize {
            let rounded = (rate * 100).rounded() / 100
            feeLine += ", \(rounded) sat/vB (\(inspection.virtualSizeIsEstimate ? "estimated " : "")\(size) vB)"
        }
        lines.append(feeLine)
        let finalized = inspection.inputs.filter(\.finalized).count
        lines.append("inputs: \(inspection.inputs.count) (\(finalized) finalized)")
        for input in inspection.inputs {
            let amount = input.amount.map(bitcoin) ?? "amount unknown"
            let type = input.scriptType ?? "unknown script"
            var status: String
            if input.finalized {
                switch input.finalScripts {
                case .verified:
                    status =
                        "finalized, final scripts verified (\(input.signatures.count) valid signatures, "
                        + "\(input.required ?? 0) required)"
                case .trusted: status = "finalized, final scripts NOT checked (--trust-finalized)"
                case .refused, nil: status = "finalized, final scripts REFUSED"
                }
            } else if let required = input.required {
                status = "\(input.signatures.count) of \(required) signatures"
            } else {
                status = "\(input.signatures.count) signatures"
            }
            lines.append("  #\(input.index) \(input.previousOutput) \(amount) \(type): \(status)")
            for signer in input.signers {
                let origin = signer.origin.map { "[\($0)]" } ?? ""
                lines.append("      \(signer.hasSigned ? "signed " : "missing") \(origin)\(signer.publicKey)")
            }
            for problem in input.problems { lines.append("      problem: \(problem)") }
        }
        lines.append("outputs: \(inspection.outputs.count)")
        for output in inspection.outputs {
            let destination = output.address ?? "script \(output.script.bytes.hexString)"
            let change = output.hasKeyOrigins ? " (has key origins: change or known wallet)" : ""
            lines.append("  #\(output.index) \(destination) \(bitcoin(output.value))\(change)")
        }
        if inspection.isComplete {
            let trusted = inspection.trustedInputs
            lines.append(
                trusted.isEmpty
                    ? "complete: ready to extract"
                    : "complete: ready to extract, but the final scripts of input"
                        + "\(trusted.count == 1 ? "" : "s") \(trusted.map(String.init).joined(separator: ", ")) were "
                        + "not checked (--trust-finalized)")
        } else {
            lines.append("not complete")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The JSON form of `psbt inspect` (keys are stable; absent values are null).
struct InspectionDocument: Encodable {
    let inspection: PSBTInspection
    let network: Network

    init(_ inspection: PSBTInspection, network: Network) {
        self.inspection = inspection
        self.network = network
    }

    enum Keys: String, CodingKey {
        case version, txid, locktime, fee, feeRate = "fee_rate", vsize, vsizeEstimated = "vsize_estimated", network
        case inputs, outputs, complete, problems
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(inspection.version, forKey: .version)
        try container.encode(inspection.txid.description, forKey: .txid)
        try container.encode(inspection.lockTime, forKey: .locktime)
        try container.encode(inspection.fee, forKey: .fee)
        try container.encode(inspection.feeRate.map { ($0 * 100).rounded() / 100 }, forKey: .feeRate)
        try container.encode(inspection.virtualSize, forKey: .vsize)
        try container.encode(inspection.virtualSizeIsEstimate, forKey: .vsizeEstimated)
        try container.encode(network.rawValue, forKey: .network)
        try container.encode(inspection.inputs.map(InputDocument.init), forKey: .inputs)
        try container.encode(inspection.outputs.map(OutputDocument.init), forKey: .outputs)
        try container.encode(inspection.isComplete, forKey: .complete)
        try container.encode(inspection.inputs.flatMap(\.problems), forKey: .problems)
    }

    struct InputDocument: Encodable {
        let input: PSBTInspection.Input

        enum Keys: String, CodingKey {
            case index, txid, vout, sequence, value, scriptType = "script_type", finalized
            case finalScripts = "final_scripts", required, signatures
            case signers, missing, problems
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(input.index, forKey: .index)
            try container.encode(input.previousOutput.txid.description, forKey: .txid)
            try container.encode(input.previousOutput.index, forKey: .vout)
            try container.encode(input.sequence, forKey: .sequence)
            try container.encode(input.amount, forKey: .value)
            try container.encode(input.scriptType, forKey: .scriptType)
            try container.encode(input.finalized, forKey: .finalized)
            let finalScripts: String? =
                switch input.finalScripts {
                case .verified: "verified"
                case .trusted: "trusted"
                case .refused: "refused"
                case nil: nil
                }
            try container.encode(finalScripts, forKey: .finalScripts)
            try container.encode(input.required, forKey: .required)
            try container.encode(input.signatures, forKey: .signatures)
            try container.encode(input.signers.map(SignerDocument.init), forKey: .signers)
            try container.encode(input.signers.filter { !$0.hasSigned }.map(\.publicKey), forKey: .missing)
            try container.encode(input.problems, forKey: .problems)
        }
    }

    struct SignerDocument: Encodable {
        let signer: PSBTInspection.Signer

        enum Keys: String, CodingKey {
            case pubkey, fingerprint, path, signed
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(signer.publicKey, forKey: .pubkey)
            try container.encode(signer.origin?.fingerprint.description, forKey: .fingerprint)
            try container.encode(signer.origin.map { "m/" + $0.path.description }, forKey: .path)
            try container.encode(signer.hasSigned, forKey: .signed)
        }
    }

    struct OutputDocument: Encodable {
        let output: PSBTInspection.Output

        enum Keys: String, CodingKey {
            case index, address, value, script, keyOrigins = "key_origins"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(output.index, forKey: .index)
            try container.encode(output.address, forKey: .address)
            try container.encode(output.value, forKey: .value)
            try container.encode(output.script.bytes.hexString, forKey: .script)
            try container.encode(output.hasKeyOrigins, forKey: .keyOrigins)
        }
    }
}
