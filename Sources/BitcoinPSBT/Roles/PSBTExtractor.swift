public import Bitcoin

/// The BIP174 transaction extractor, with the sanity checks a coordinator owes its signers: every input finalized
/// and its final scripts verified (or, by explicit choice, trusted), every amount known and in range, outputs not
/// above inputs, and a fee rate under a ceiling.
public enum PSBTExtractor {
    /// rust-bitcoin's absurd-fee limit, far above any real fee market (sat/vB).
    public static let defaultMaximumFeeRate: Int64 = 25_000

    /// The network-serialized, signed transaction, after `verifier` has checked every finalized input.
    /// `maximumFeeRate` nil disables the fee-rate ceiling.
    public static func extract(
        _ psbt: PSBT, maximumFeeRate: Int64? = defaultMaximumFeeRate,
        verifier: PartialSignatureVerifier = PartialSignatureVerifier()
    ) throws(PSBTRoleError)
        -> Transaction
    {
        try precheck(psbt)
        return try extract(psbt, report: try verifier.verify(psbt), maximumFeeRate: maximumFeeRate)
    }

    /// Extracts with the finalized inputs already checked by `report` (from verifying this same PSBT).
    public static func extract(
        _ psbt: PSBT, report: SignatureReport, maximumFeeRate: Int64? = defaultMaximumFeeRate
    ) throws(PSBTRoleError)
        -> Transaction
    {
        try precheck(psbt)
        try report.requireValid()
        var transaction = try psbt.unsignedTransaction()
        for index in psbt.inputs.indices {
            switch report.inputs[index].finalScripts {
            case .verified, .trusted: break
            case .refused, nil: throw .notFinalized(inputs: [index])
            }
            transaction.inputs[index].scriptSig = psbt.inputs[index].finalScriptSig ?? Script()
            transaction.inputs[index].witness = psbt.inputs[index].finalScriptWitness ?? []
        }
        guard let fee = try psbt.fee() else { throw .missingField("input amounts") }
        guard fee >= 0 else {
            let outputTotal = try PSBT.checkedTotal(transaction.outputs.map(\.value), label: "output")
            throw .outputsExceedInputs(inputTotal: outputTotal + fee, outputTotal: outputTotal)
        }
        let virtualSize = Int64(transaction.virtualSize)
        if let maximumFeeRate, fee > maximumFeeRate * virtualSize {
            throw .feeRateTooHigh(satoshisPerVByte: fee / max(virtualSize, 1), limit: maximumFeeRate)
        }
        return transaction
    }

    /// Every input finalized and its spent amount known.
    private static func precheck(_ psbt: PSBT) throws(PSBTRoleError) {
        let unfinalized = psbt.inputs.indices.filter { !psbt.inputs[$0].isFinalized }
        guard unfinalized.isEmpty else { throw .notFinalized(inputs: unfinalized) }
        let transaction = try psbt.unsignedTransaction()
        for index in psbt.inputs.indices where psbt.spentOutput(at: index, in: transaction) == nil {
            throw .unknownInputAmount(input: index)
        }
    }
}
