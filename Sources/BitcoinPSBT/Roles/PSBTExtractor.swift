public import Bitcoin

/// The BIP174 transaction extractor, with the sanity checks a coordinator owes its signers: every input finalized,
/// every amount known and in range, outputs not above inputs, and a fee rate under a ceiling.
public enum PSBTExtractor {
    /// rust-bitcoin's absurd-fee limit, far above any real fee market (sat/vB).
    public static let defaultMaximumFeeRate: Int64 = 25_000

    /// The network-serialized, signed transaction. `maximumFeeRate` nil disables the fee-rate ceiling.
    public static func extract(
        _ psbt: PSBT, maximumFeeRate: Int64? = defaultMaximumFeeRate
    ) throws(PSBTRoleError)
        -> Transaction
    {
        var transaction = try psbt.unsignedTransaction()
        let unfinalized = psbt.inputs.indices.filter { !psbt.inputs[$0].isFinalized }
        guard unfinalized.isEmpty else { throw .notFinalized(inputs: unfinalized) }
        var inputTotal: Int64 = 0
        for index in psbt.inputs.indices {
            guard let spent = psbt.spentOutput(at: index, in: transaction) else {
                throw .unknownInputAmount(input: index)
            }
            guard spent.value >= 0, spent.value <= TransactionOutput.maximumMoney else {
                throw .amountOutOfRange("input \(index) amount")
            }
            inputTotal += spent.value
            guard inputTotal <= TransactionOutput.maximumMoney else { throw .amountOutOfRange("the input total") }
            transaction.inputs[index].scriptSig = psbt.inputs[index].finalScriptSig ?? Script()
            transaction.inputs[index].witness = psbt.inputs[index].finalScriptWitness ?? []
        }
        var outputTotal: Int64 = 0
        for (index, output) in transaction.outputs.enumerated() {
            guard output.value >= 0, output.value <= TransactionOutput.maximumMoney else {
                throw .amountOutOfRange("output \(index) amount")
            }
            outputTotal += output.value
            guard outputTotal <= TransactionOutput.maximumMoney else { throw .amountOutOfRange("the output total") }
        }
        guard outputTotal <= inputTotal else {
            throw .outputsExceedInputs(inputTotal: inputTotal, outputTotal: outputTotal)
        }
        let fee = inputTotal - outputTotal
        let virtualSize = Int64(transaction.virtualSize)
        if let maximumFeeRate, fee > maximumFeeRate * virtualSize {
            throw .feeRateTooHigh(satoshisPerVByte: fee / max(virtualSize, 1), limit: maximumFeeRate)
        }
        return transaction
    }
}
