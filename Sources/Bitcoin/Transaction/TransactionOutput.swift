/// A transaction output: an amount in satoshis and the script that locks it.
public struct TransactionOutput: Sendable, Hashable {
    /// Satoshis. Signed, as in Bitcoin Core, so that a decoded negative amount can be reported rather than wrap.
    public var value: Int64
    public var scriptPubKey: Script

    public init(value: Int64, scriptPubKey: Script) {
        self.value = value
        self.scriptPubKey = scriptPubKey
    }

    /// 21 million bitcoin, the most any amount may be (Bitcoin Core's MAX_MONEY).
    public static let maximumMoney: Int64 = 21_000_000 * 100_000_000

    /// Decodes exactly one serialized output (8-byte amount, compact-size script).
    public init(serialized bytes: ArraySlice<UInt8>) throws(DecodingError) {
        var reader = ByteReader(slice: bytes)
        self = try TransactionOutput(from: &reader)
        try reader.requireEnd("transaction output")
    }

    public init(from reader: inout ByteReader) throws(DecodingError) {
        value = try reader.readInt64("output amount")
        scriptPubKey = Script(try reader.readVarSlice("output script"))
    }

    public func serialize(into output: inout [UInt8]) {
        output.appendInt64(value)
        output.appendVarBytes(scriptPubKey.bytes)
    }

    public var serialized: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(9 + scriptPubKey.count)
        serialize(into: &output)
        return output
    }

    /// Serialized size in bytes.
    public var serializedCount: Int { 8 + CompactSize.encodedCount(scriptPubKey.count) + scriptPubKey.count }
}
