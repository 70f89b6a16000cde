/// A reference to one output of an earlier transaction.
public struct OutPoint: Sendable, Hashable, CustomStringConvertible {
    public var txid: TransactionID
    public var index: UInt32

    public init(txid: TransactionID, index: UInt32) {
        self.txid = txid
        self.index = index
    }

    public var description: String { "\(txid):\(index)" }

    func serialize(into output: inout [UInt8]) {
        output.append(contentsOf: txid.bytes)
        output.appendUInt32(index)
    }
}
