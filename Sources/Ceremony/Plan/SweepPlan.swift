public import Bitcoin
public import BitcoinPSBT

/// The unsigned PSBTs of a sweep: one per transaction, each under the weight limit, spending its share of the UTXOs
/// (in the order they were listed) to the safe address with no change.
public struct SweepPlan: Sendable {
    /// One transaction of the sweep.
    public struct Part: Sendable {
        public let psbt: PSBT
        /// Positions in the UTXO list of the inputs, in input order.
        public let utxoPositions: Range<Int>
        public let inputTotal: Int64
        public let fee: Int64
        /// What the safe address receives.
        public let amount: Int64
        /// Finalized weight with the largest (72-byte) ECDSA signatures: the transaction is never heavier.
        public let weightUpperBound: Int
        public let virtualSizeUpperBound: Int
        /// Finalized virtual size with 71-byte ECDSA signatures (exact for taproot).
        public let virtualSizeTypical: Int
        public let txid: TransactionID

        /// The fee rate reached once signed: at least the request (largest signatures), at most this with 71-byte
        /// ones.
        public var feeRateRange: (lowest: Double, highest: Double) {
            (
                FeeRate.achieved(fee: fee, virtualSize: virtualSizeUpperBound),
                FeeRate.achieved(fee: fee, virtualSize: virtualSizeTypical)
            )
        }
    }

    public let parts: [Part]
    public let destination: Address
    public let feeRate: FeeRate
    /// Things the treasurer should know that do not stop the plan (no prev_tx for segwit v0 inputs, UTXOs worth
    /// less than the fee they add).
    public let warnings: [String]

    public var totalFee: Int64 { parts.reduce(0) { $0 + $1.fee } }
    public var totalAmount: Int64 { parts.reduce(0) { $0 + $1.amount } }
}
