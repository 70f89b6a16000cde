internal import CustosCrypto
public import CustosSupport

/// A Bitcoin transaction, with the legacy and segwit (BIP144) serializations, txid, wtxid, weight and vsize.
public struct Transaction: Sendable, Hashable {
    public var version: UInt32
    public var inputs: [TransactionInput]
    public var outputs: [TransactionOutput]
    public var lockTime: UInt32

    public init(
        version: UInt32 = 2, inputs: [TransactionInput] = [], outputs: [TransactionOutput] = [],
        lockTime: UInt32 = 0
    ) {
        self.version = version
        self.inputs = inputs
        self.outputs = outputs
        self.lockTime = lockTime
    }

    /// Smallest serialized input (36-byte outpoint, empty script, sequence) and output (amount, empty script).
    static let minimumInputSize = 41
    static let minimumOutputSize = 9

    /// Decodes a serialized transaction that must fill `bytes` exactly. With `allowWitness` false the segwit
    /// marker is not recognised, as for the unsigned transaction inside a PSBTv0.
    @inlinable
    public init(serialized bytes: some Collection<UInt8>, allowWitness: Bool = true) throws(DecodingError) {
        // Inlinable, so the copy into an array is specialised for the caller's collection (a memcpy for a slice).
        var reader = ByteReader(Array(bytes))
        try self.init(from: &reader, allowWitness: allowWitness)
        try reader.requireEnd("transaction")
    }

    /// Decodes a transaction from the reader's position (Bitcoin Core's UnserializeTransaction rules).
    public init(from reader: inout ByteReader, allowWitness: Bool = true) throws(DecodingError) {
        version = try reader.readUInt32("transaction version")
        var flags: UInt8 = 0
        inputs = try Self.readInputs(&reader)
        if inputs.isEmpty && allowWitness {
            flags = try reader.readUInt8("segwit flag")
            if flags != 0 {
                inputs = try Self.readInputs(&reader)
                outputs = try Self.readOutputs(&reader)
            } else {
                outputs = []
            }
        } else {
            outputs = try Self.readOutputs(&reader)
        }
        if flags & 1 != 0 && allowWitness {
            flags ^= 1
            for index in inputs.indices {
                let itemCount = try reader.readLength("witness item count")
                var stack: [[UInt8]] = []
                stack.reserveCapacity(itemCount)
                for _ in 0..<itemCount {
                    stack.append(try reader.readVarBytes("witness item"))
                }
                inputs[index].witness = stack
            }
            guard inputs.contains(where: { !$0.witness.isEmpty }) else {
                throw .invalid("superfluous witness record")
            }
        }
        guard flags == 0 else { throw .invalid("unknown transaction optional data") }
        lockTime = try reader.readUInt32("lock time")
    }

    private static func readInputs(_ reader: inout ByteReader) throws(DecodingError) -> [TransactionInput] {
        let count = try reader.readLength("input count", minimumItemSize: minimumInputSize)
        var inputs: [TransactionInput] = []
        inputs.reserveCapacity(count)
        for _ in 0..<count {
            let txid = TransactionID(validatedBytes: try reader.readBytes(32, "previous txid"))
            let index = try reader.readUInt32("previous output index")
            let scriptSig = Script(try reader.readVarSlice("scriptSig"))
            let sequence = try reader.readUInt32("sequence")
            inputs.append(
                TransactionInput(
                    previousOutput: OutPoint(txid: txid, index: index), scriptSig: scriptSig, sequence: sequence))
        }
        return inputs
    }

    private static func readOutputs(_ reader: inout ByteReader) throws(DecodingError) -> [TransactionOutput] {
        let count = try reader.readLength("output count", minimumItemSize: minimumOutputSize)
        var outputs: [TransactionOutput] = []
        outputs.reserveCapacity(count)
        for _ in 0..<count {
            outputs.append(try TransactionOutput(from: &reader))
        }
        return outputs
    }

    /// True when any input has a witness stack.
    public var hasWitness: Bool { inputs.contains { !$0.witness.isEmpty } }

    /// The serialization: with witnesses (BIP144) when `includingWitness` and any input has one.
    public func serialized(includingWitness: Bool = true) -> [UInt8] {
        let withWitness = includingWitness && hasWitness
        var output: [UInt8] = []
        output.reserveCapacity(serializedCount(includingWitness: withWitness))
        output.appendUInt32(version)
        if withWitness {
            output.append(0x00)
            output.append(0x01)
        }
        output.appendCompactSize(inputs.count)
        for input in inputs {
            input.previousOutput.serialize(into: &output)
            output.appendVarBytes(input.scriptSig.bytes)
            output.appendUInt32(input.sequence)
        }
        output.appendCompactSize(outputs.count)
        for transactionOutput in outputs {
            transactionOutput.serialize(into: &output)
        }
        if withWitness {
            for input in inputs {
                output.appendCompactSize(input.witness.count)
                for item in input.witness {
                    output.appendVarBytes(item)
                }
            }
        }
        output.appendUInt32(lockTime)
        return output
    }

    /// Serialized size without computing the bytes.
    public func serializedCount(includingWitness: Bool = true) -> Int {
        var size = 8 + CompactSize.encodedCount(inputs.count) + CompactSize.encodedCount(outputs.count)
        for input in inputs {
            size += 40 + CompactSize.encodedCount(input.scriptSig.count) + input.scriptSig.count
        }
        for output in outputs {
            size += output.serializedCount
        }
        if includingWitness && hasWitness {
            size += 2
            for input in inputs {
                size += CompactSize.encodedCount(input.witness.count)
                for item in input.witness {
                    size += CompactSize.encodedCount(item.count) + item.count
                }
            }
        }
        return size
    }

    /// The txid: double SHA-256 of the serialization without witnesses.
    public var txid: TransactionID {
        TransactionID(validatedBytes: SHA256.doubleHash(serialized(includingWitness: false)))
    }

    /// The wtxid: double SHA-256 of the full serialization.
    public var wtxid: TransactionID {
        TransactionID(validatedBytes: SHA256.doubleHash(serialized(includingWitness: true)))
    }

    /// BIP141 weight: 3 × base size + total size.
    public var weight: Int {
        3 * serializedCount(includingWitness: false) + serializedCount(includingWitness: true)
    }

    /// Virtual size in vbytes: weight / 4, rounded up.
    public var virtualSize: Int { (weight + 3) / 4 }
}
