public import Bitcoin

/// Bitcoin Core's dust threshold (GetDustThreshold with the default 3 sat/vB dust relay fee): an output worth less
/// than the cost of spending it is not relayed.
public enum DustLimit {
    public static let dustRelayFeeRate: Int64 = 3

    /// The smallest standard value of an output with `script`.
    public static func threshold(for script: Script) -> Int64 {
        let outputSize = TransactionOutput(value: 0, scriptPubKey: script).serializedCount
        // The input that would spend it: 148 bytes for a legacy spend; 67.75 vbytes (rounded down) for segwit.
        let spendSize = OutputType(script).isWitness ? 67 : 148
        return Int64(outputSize + spendSize) * dustRelayFeeRate
    }
}
