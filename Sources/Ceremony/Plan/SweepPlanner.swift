internal import Bitcoin
internal import BitcoinPSBT
internal import CustosCrypto

/// The creator and updater of a sweep: derives every UTXO's scripts from the wallet's descriptor, checks them
/// against `prev_tx` when given, splits the inputs into transactions under the weight limit, prices each from its
/// finalized size, and writes PSBTs with everything Coldcard, Ledger, Trezor, BitBox02 and Jade need to co-sign:
/// UTXOs, redeem and witness scripts, taproot leaf scripts with control blocks, BIP32 derivations and global xpubs.
public enum SweepPlanner {
    /// Opts in to replace-by-fee (BIP125) and leaves lock times unused: the sweep can be bumped in a fee race.
    public static let sequence: UInt32 = 0xffff_fffd

    public static func plan(_ request: SweepRequest) throws(CeremonyError) -> SweepPlan {
        let wallet = request.wallet
        let policy = request.policy
        guard request.feeRate >= FeeRate.minimumRelay else {
            throw .refused(
                "fee rate \(request.feeRate) sat/vB is below the minimum relay fee of 1 sat/vB; it would not be relayed"
            )
        }
        guard request.psbtVersion == 0 || request.psbtVersion == 2 else {
            throw .unsupported("PSBT version \(request.psbtVersion) (only 0 and 2)")
        }
        if let maximum = request.maximumInputs, maximum < 1 {
            throw .refused("the maximum number of inputs per transaction must be at least 1")
        }

        // Policy and addresses first: they are cheap, and nothing is derived for a sweep the policy forbids.
        if let policy {
            try policy.checkNotExpired()
            try policy.checkWallet(wallet)
        }
        let destination = try resolveDestination(request)
        if let policy, !policy.destinations.allows(destination.scriptPubKey) {
            throw .policy(
                PolicyViolation(.allowedDestinations, "\(destination) is not an allowed destination of the policy"))
        }

        let inputs = try deriveInputs(request.utxos, wallet: wallet)
        let output = TransactionOutput(value: 0, scriptPubKey: destination.scriptPubKey)
        let ranges = try SweepSplitter.split(
            inputWeights: inputs.map(\.weight), outputs: [output], maximumWeight: request.maximumWeight,
            maximumInputs: request.maximumInputs)

        var parts: [SweepPlan.Part] = []
        parts.reserveCapacity(ranges.count)
        for (number, range) in ranges.enumerated() {
            let label = ranges.count == 1 ? "the sweep" : "transaction \(number + 1) of \(ranges.count)"
            parts.append(
                try makePart(
                    inputs[range], positions: range, output: output, request: request, label: label))
        }
        var notes = warnings(inputs, feeRate: request.feeRate, wallet: wallet)
        if let highest = parts.map(\.feeRateRange.highest).max(), highest > request.feeRate.satoshisPerVbyte + 1 {
            notes.append(
                "at \(request.feeRate) sat/vB the rate reached depends on the signatures' sizes: up to "
                    + "\(CeremonyPolicy.rateText(highest)) sat/vB with 71-byte ones (the fee is sized for 72-byte ones, "
                    + "so it is never below the request)")
        }
        return SweepPlan(parts: parts, destination: destination, feeRate: request.feeRate, warnings: notes)
    }

    // MARK: Steps

    /// An input with its derived scripts and its finalized weight.
    struct PlannedInput {
        let utxo: UTXO
        let expansion: DescriptorExpansion
        let weight: Int
    }

    /// The destination address on the request's network, which must also be the policy's and suit the wallet.
    private static func resolveDestination(_ request: SweepRequest) throws(CeremonyError) -> Address {
        let text = request.destination
        let network: Network
        if let policy = request.policy {
            network = policy.network
            if let requested = request.network, !requested.sharesEncoding(with: network) {
                throw .policy(
                    PolicyViolation(
                        .network, "the policy is for \(policy.policy.network.rawValue), not \(requested.rawValue)"))
            }
        } else if let requested = request.network {
            network = requested
        } else {
            do {
                network = try Address(text).network
            } catch {
                throw .refused("the destination: \(error)")
            }
        }
        let address: Address
        do {
            address = try Address(text, network: network)
        } catch {
            if request.policy != nil, case .wrongNetwork = error {
                throw .policy(PolicyViolation(.network, "the destination: \(error)"))
            }
            throw .refused("the destination: \(error)")
        }
        guard request.wallet.isCompatible(with: network) else {
            throw .refused(
                "the destination is a \(network.rawValue) address but the wallet's keys are "
                    + (request.wallet.keyNetwork == .mainnet ? "mainnet xpubs" : "testnet tpubs"))
        }
        return address
    }

    /// Derives each UTXO's scripts (on every core: key derivation is most of a large plan's cost) and checks them
    /// against its `prev_tx`.
    static func deriveInputs(_ utxos: [UTXO], wallet: CeremonyWallet) throws(CeremonyError) -> [PlannedInput] {
        let derived = ParallelMap.map(count: utxos.count) { position -> Result<DescriptorExpansion, CeremonyError> in
            do throws(CeremonyError) {
                return .success(try wallet.expansion(index: utxos[position].index, change: utxos[position].isChange))
            } catch {
                return .failure(error)
            }
        }
        var inputs: [PlannedInput] = []
        inputs.reserveCapacity(utxos.count)
        for (position, utxo) in utxos.enumerated() {
            let expansion = try derived[position].get()
            if let previous = utxo.previousTransaction {
                try check(previous, for: utxo, position: position, script: expansion.scriptPubKey)
            } else if wallet.kind == .p2sh {
                throw .refused(
                    "\(utxo.label(position)): a legacy P2SH input needs its prev_tx (signers hash the whole "
                        + "funding transaction to learn the amount)")
            }
            guard let weight = SpendSize.inputWeight(for: expansion) else {
                throw .unsupported("\(utxo.label(position)): Custos cannot size this spend")
            }
            inputs.append(PlannedInput(utxo: utxo, expansion: expansion, weight: weight))
        }
        return inputs
    }

    private static func check(
        _ previous: Transaction, for utxo: UTXO, position: Int, script: Script
    ) throws(CeremonyError) {
        let label = utxo.label(position)
        guard previous.txid == utxo.outpoint.txid else {
            throw .refused("\(label): prev_tx is transaction \(previous.txid), not \(utxo.outpoint.txid)")
        }
        guard Int(utxo.outpoint.index) < previous.outputs.count else {
            throw .refused("\(label): prev_tx has only \(previous.outputs.count) outputs")
        }
        let output = previous.outputs[Int(utxo.outpoint.index)]
        guard output.scriptPubKey == script else {
            throw .refused(
                "\(label): prev_tx's output script \(output.scriptPubKey) does not match the wallet's script "
                    + "\(script) at this index (wrong index, change flag or wallet)")
        }
        guard output.value == utxo.value else {
            throw .refused("\(label): prev_tx's output is worth \(output.value) sat, not the listed \(utxo.value) sat")
        }
    }

    private static func makePart(
        _ inputs: ArraySlice<PlannedInput>, positions: Range<Int>, output: TransactionOutput, request: SweepRequest,
        label: String
    ) throws(CeremonyError) -> SweepPlan.Part {
        let expansions = inputs.map(\.expansion)
        guard let upperWeight = SpendSize.transactionWeight(inputs: expansions, outputs: [output]),
            let typicalWeight = SpendSize.transactionWeight(
                inputs: expansions, outputs: [output],
                ecdsaSignatureSize: SpendSize.typicalMinimumECDSASignatureSize)
        else { throw .unsupported("\(label): Custos cannot size this spend") }
        let upperSize = SpendSize.virtualSize(weight: upperWeight)
        let typicalSize = SpendSize.virtualSize(weight: typicalWeight)
        let total = inputs.reduce(Int64(0)) { $0 + $1.utxo.value }
        let fee = request.feeRate.fee(virtualSize: upperSize)
        let dust = DustLimit.threshold(for: output.scriptPubKey)
        guard total - fee >= dust else {
            throw .refused(
                "\(label): its inputs (\(total) sat) do not cover the fee of \(fee) sat at \(request.feeRate) sat/vB "
                    + "plus the destination's dust limit of \(dust) sat")
        }
        if let policy = request.policy {
            try policy.checkFee(fee, virtualSize: typicalSize, label: label)
        }
        let transaction = Transaction(
            version: 2,
            inputs: inputs.map { TransactionInput(previousOutput: $0.utxo.outpoint, sequence: sequence) },
            outputs: [TransactionOutput(value: total - fee, scriptPubKey: output.scriptPubKey)])
        var psbt: PSBT
        do {
            psbt = try PSBT(unsignedTransaction: transaction, version: request.psbtVersion)
        } catch {
            throw .psbt(error)
        }
        for (offset, input) in inputs.enumerated() {
            psbt.inputs[offset].update(
                from: input.expansion,
                spentOutput: TransactionOutput(value: input.utxo.value, scriptPubKey: input.expansion.scriptPubKey),
                previousTransaction: input.utxo.previousTransaction)
        }
        psbt.global.addExtendedPublicKeys(of: request.wallet.primaryDescriptor)
        return SweepPlan.Part(
            psbt: psbt, utxoPositions: positions, inputTotal: total, fee: fee, amount: total - fee,
            weightUpperBound: upperWeight, virtualSizeUpperBound: upperSize, virtualSizeTypical: typicalSize,
            txid: transaction.txid)
    }

    private static func warnings(_ inputs: [PlannedInput], feeRate: FeeRate, wallet: CeremonyWallet) -> [String] {
        var warnings: [String] = []
        if wallet.kind == .p2wsh || wallet.kind == .p2shP2wsh {
            let missing = inputs.filter { $0.utxo.previousTransaction == nil }.count
            if missing > 0 {
                warnings.append(
                    "\(missing) of \(inputs.count) segwit v0 inputs have no prev_tx: they carry only witness_utxo, "
                        + "so signers cannot check their amounts independently (the segwit fee bug) and some "
                        + "devices refuse such inputs; add prev_tx to UTXOS.json where you can")
            }
        }
        let uneconomic = inputs.filter { $0.utxo.value <= feeRate.fee(virtualSize: (($0.weight + 3) / 4)) }
        if !uneconomic.isEmpty {
            let value = uneconomic.reduce(Int64(0)) { $0 + $1.utxo.value }
            warnings.append(
                "\(uneconomic.count) UTXOs (\(value) sat in all) are worth no more than the fee they add at "
                    + "\(feeRate) sat/vB; they are swept anyway, as listed")
        }
        return warnings
    }
}
