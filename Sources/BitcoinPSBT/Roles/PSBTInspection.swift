public import Bitcoin
public import CustosSupport

/// What a PSBT is about and who has signed: the data behind `custos psbt inspect` and a coordinator's status view.
public struct PSBTInspection: Sendable {
    /// A key that can sign an input, and whether its signature is present and valid.
    public struct Signer: Sendable, Equatable {
        /// Hex: 33/65-byte key, or 32-byte x-only for taproot.
        public let publicKey: String
        public let origin: KeyOrigin?
        public let hasSigned: Bool
    }

    public struct Input: Sendable {
        public let index: Int
        public let previousOutput: OutPoint
        public let sequence: UInt32
        /// Spent amount in satoshis, when a UTXO is present.
        public let amount: Int64?
        public let scriptType: String?
        public let finalized: Bool
        /// For a finalized input: whether its final scripts verified, were trusted unchecked, or were refused.
        public let finalScripts: FinalScriptsCheck?
        /// Signatures needed (the multisig threshold, 1 for single-key spends); nil when unknown.
        public let required: Int?
        /// Public keys (hex) of the partial signatures present and valid.
        public let signatures: [String]
        /// Keys that may sign, in script order, with their status.
        public let signers: [Signer]
        /// Problems found: invalid signatures, scripts that do not match the UTXO, missing data.
        public let problems: [Problem]
    }

    public struct Output: Sendable {
        public let index: Int
        public let value: Int64
        public let script: Script
        /// The address on `network`, nil for scripts without one.
        public let address: String?
        /// True when the PSBT describes the output with key origins (change or a known wallet).
        public let hasKeyOrigins: Bool
    }

    public let version: UInt32
    public let txid: TransactionID
    public let lockTime: UInt32
    public let fee: Int64?
    /// Virtual size: exact once finalized, otherwise estimated with maximum-size signatures (nil when unknown).
    public let virtualSize: Int?
    public let virtualSizeIsEstimate: Bool
    public let inputs: [Input]
    public let outputs: [Output]

    /// Fee rate in sat/vB (fee / vsize), when both are known.
    public var feeRate: Double? {
        guard let fee, let virtualSize, virtualSize > 0 else { return nil }
        return Double(fee) / Double(virtualSize)
    }

    /// Every input finalized, every finalized input's scripts verified (or trusted by choice) and no problem left:
    /// what "ready to extract" means.
    public var isComplete: Bool { Self.readyToExtract(inputs) }

    private static func readyToExtract(_ inputs: [Input]) -> Bool {
        inputs.allSatisfy { input in
            guard input.finalized, input.problems.isEmpty else { return false }
            switch input.finalScripts {
            case .verified, .trusted: return true
            case .refused, nil: return false
            }
        }
    }

    /// Inputs whose final scripts were accepted without checking (`--trust-finalized`).
    public var trustedInputs: [Int] {
        inputs.compactMap { input in
            if case .trusted = input.finalScripts { return input.index }
            return nil
        }
    }

    /// Inspects `psbt`, verifying every partial signature and finalized input. Addresses are written for `network`.
    public init(
        _ psbt: PSBT, network: Network, verifier: PartialSignatureVerifier = PartialSignatureVerifier()
    )
        throws(PSBTRoleError)
    {
        try self.init(psbt, network: network, report: try verifier.verify(psbt))
    }

    /// Inspects `psbt` with the report of its verification (reused, not repeated).
    public init(_ psbt: PSBT, network: Network, report: SignatureReport) throws(PSBTRoleError) {
        let transaction = try psbt.unsignedTransaction()
        version = psbt.version
        txid = transaction.txid
        lockTime = transaction.lockTime
        fee = try psbt.fee()
        var estimatedWeight: Int? =
            4
            * (8 + CompactSize.encodedCount(transaction.inputs.count)
                + CompactSize.encodedCount(transaction.outputs.count)) + 4
            * transaction.outputs.reduce(0) { $0 + $1.serializedCount }
        var anyWitness = false
        var inputsWithoutWitness = 0
        var inputs: [Input] = []
        for reportInput in report.inputs {
            let index = reportInput.index
            let input = psbt.inputs[index]
            let spend = reportInput.spend
            let valid = Set(reportInput.valid.map { $0.publicKey.hexString })
            var problems = reportInput.failures.map(\.problem)
            if let problem = reportInput.spendProblem, !input.isFinalized, reportInput.failures.isEmpty {
                let failure = SignatureFailure(inputIndex: index, publicKey: "", reason: problem)
                problems.append(Problem(code: failure.code, message: problem.description, context: failure.context))
            }
            var (required, signers) = Self.signers(input: input, spend: spend, valid: valid)
            var signatures = reportInput.valid.map { $0.publicKey.hexString }
            var scriptType = spend?.scriptType ?? Self.finalizedScriptType(psbt, index, transaction)
            if case .verified(let final) = reportInput.finalScripts {
                // Read back from the final scripts: the keys they reveal and the signatures that verified.
                let signed = Set(final.signed)
                required = final.threshold
                signatures = final.signed.map(\.hexString)
                signers = final.keys.map {
                    Signer(publicKey: $0.hexString, origin: nil, hasSigned: signed.contains($0))
                }
                scriptType = final.scriptType
            }
            inputs.append(
                Input(
                    index: index, previousOutput: transaction.inputs[index].previousOutput,
                    sequence: transaction.inputs[index].sequence,
                    amount: spend?.spentOutput.value
                        ?? psbt.spentOutput(at: index, in: transaction)?.value,
                    scriptType: scriptType, finalized: input.isFinalized, finalScripts: reportInput.finalScripts,
                    required: required, signatures: signatures, signers: signers, problems: problems))
            let weight = Self.inputWeight(input: input, spend: spend, required: required, signers: signers.count)
            if let weight, let current = estimatedWeight {
                estimatedWeight = current + weight.weight
                anyWitness = anyWitness || weight.hasWitness
                if !weight.hasWitness { inputsWithoutWitness += 1 }
            } else {
                estimatedWeight = nil
            }
        }
        self.inputs = inputs
        if Self.readyToExtract(inputs),
            let extracted = try? PSBTExtractor.extract(psbt, report: report, maximumFeeRate: nil)
        {
            virtualSize = extracted.virtualSize
            virtualSizeIsEstimate = false
        } else {
            virtualSize = estimatedWeight.map {
                SpendSize.virtualSize(weight: $0 + (anyWitness ? 2 + inputsWithoutWitness : 0))
            }
            virtualSizeIsEstimate = true
        }
        outputs = transaction.outputs.enumerated().map { index, output in
            Output(
                index: index, value: output.value, script: output.scriptPubKey,
                address: (try? Address(scriptPubKey: output.scriptPubKey, network: network))?.description,
                hasKeyOrigins: !psbt.outputs[index].bip32Derivations.isEmpty
                    || !psbt.outputs[index].tapBIP32Derivations.isEmpty)
        }
    }

    /// For a finalized input (whose scripts the finalizer removed): the type of the spent output.
    private static func finalizedScriptType(_ psbt: PSBT, _ index: Int, _ transaction: Transaction) -> String? {
        guard psbt.inputs[index].isFinalized, let spent = psbt.spentOutput(at: index, in: transaction) else {
            return nil
        }
        let type = OutputType(spent.scriptPubKey)
        if case .payToScriptHash = type, psbt.inputs[index].finalScriptWitness != nil { return "p2sh-segwit" }
        return type.name
    }

    private static func signers(input: PSBTInput, spend: InputSpend?, valid: Set<String>) -> (Int?, [Signer]) {
        let origins = Dictionary(
            input.bip32Derivations.map { ($0.publicKey.hexString, $0.origin) }
                + input.tapBIP32Derivations.map { ($0.xOnlyKey.hexString, $0.origin) },
            uniquingKeysWith: { first, _ in first })
        func signer(_ key: [UInt8]) -> Signer {
            let hex = key.hexString
            return Signer(publicKey: hex, origin: origins[hex], hasSigned: valid.contains(hex))
        }
        guard let spend else { return (nil, []) }
        if let multisig = spend.multisig {
            return (multisig.threshold, multisig.publicKeys.map(signer))
        }
        if spend.keyHash != nil {
            let keys = input.bip32Derivations.map(\.publicKey).filter { spend.canSign(with: $0) }
            return (1, keys.map(signer))
        }
        if case .taproot = spend.kind {
            // The multi_a leaf closest to completion.
            let best = spend.leaves.compactMap { leaf -> MultisigScript? in leaf.multisig }
                .max { first, second in
                    first.publicKeys.filter { valid.contains($0.hexString) }.count
                        < second.publicKeys.filter { valid.contains($0.hexString) }.count
                }
            if let best { return (best.threshold, best.publicKeys.map(signer)) }
            return (1, [])
        }
        return (nil, [])
    }

    /// Weight of the input once finalized: exact for finalized inputs, else with maximum-size signatures.
    private static func inputWeight(
        input: PSBTInput, spend: InputSpend?, required: Int?, signers: Int
    )
        -> (weight: Int, hasWitness: Bool)?
    {
        if input.isFinalized {
            let scriptSig = input.finalScriptSig?.count ?? 0
            let witness = input.finalScriptWitness ?? []
            let witnessSize =
                witness.isEmpty
                ? 0
                : CompactSize.encodedCount(witness.count)
                    + witness.reduce(0) { $0 + CompactSize.encodedCount($1.count) + $1.count }
            return (4 * (40 + CompactSize.encodedCount(scriptSig) + scriptSig) + witnessSize, !witness.isEmpty)
        }
        guard let spend, let required else { return nil }
        let signature = SpendSize.maximumECDSASignatureSize
        switch spend.kind {
        case .taproot:
            guard let leaf = spend.leaves.first(where: { $0.multisig != nil }), let multisig = leaf.multisig else {
                return (4 * 41 + 1 + 1 + SpendSize.schnorrSignatureSize, true)
            }
            let items =
                [Int](repeating: SpendSize.schnorrSignatureSize, count: multisig.threshold)
                + [Int](repeating: 0, count: multisig.publicKeys.count - multisig.threshold)
                + [leaf.leaf.script.count, leaf.controlBlock.count]
            let witness =
                CompactSize.encodedCount(items.count) + items.reduce(0) { $0 + CompactSize.encodedCount($1) + $1 }
            return (4 * 41 + witness, true)
        case .segwitV0:
            var items = [Int](repeating: signature, count: required)
            if spend.multisig != nil, let script = spend.witnessScript {
                items = [0] + items + [script.count]
            } else {
                items.append(33)
            }
            let witness =
                CompactSize.encodedCount(items.count) + items.reduce(0) { $0 + CompactSize.encodedCount($1) + $1 }
            let scriptSig = spend.redeemScript.map { SpendSize.pushSize($0.count) } ?? 0
            return (4 * (40 + CompactSize.encodedCount(scriptSig) + scriptSig) + witness, true)
        case .legacy:
            var scriptSig = required * SpendSize.pushSize(signature)
            if spend.multisig != nil {
                scriptSig += 1 + (spend.redeemScript.map { SpendSize.pushSize($0.count) } ?? 0)
            } else {
                scriptSig += SpendSize.pushSize(33)
            }
            return (4 * (40 + CompactSize.encodedCount(scriptSig) + scriptSig), false)
        }
    }
}
