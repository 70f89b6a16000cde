/// A transaction input: the output it spends, its scriptSig, sequence and (segwit) witness stack.
public struct TransactionInput: Sendable, Hashable {
    public var previousOutput: OutPoint
    public var scriptSig: Script
    public var sequence: UInt32
    public var witness: [[UInt8]]

    /// The sequence that disables relative locktime and RBF signalling.
    public static let finalSequence: UInt32 = 0xffff_ffff

    public init(
        previousOutput: OutPoint, scriptSig: Script = Script(), sequence: UInt32 = finalSequence,
        witness: [[UInt8]] = []
    ) {
        self.previousOutput = previousOutput
        self.scriptSig = scriptSig
        self.sequence = sequence
        self.witness = witness
    }
}
