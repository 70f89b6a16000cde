internal import CustosCrypto

/// Computes signature hashes for one transaction: legacy, BIP143 (segwit v0) and BIP341 (taproot).
///
/// The per-transaction hashes (prevouts, sequences, outputs, amounts, scripts) are computed once in `init`, so
/// hashing every input of an n-input transaction costs O(n) for segwit. Legacy hashing stays O(n) per input, as the
/// legacy algorithm itself requires.
public struct SignatureHasher: Sendable {
    public let transaction: Transaction
    /// The outputs the inputs spend, in input order (needed for taproot; nil when not all are known).
    public let spentOutputs: [TransactionOutput]?

    // BIP341 single-SHA256 midstates; BIP143 uses their SHA-256 again.
    private let shaPrevouts: [UInt8]
    private let shaSequences: [UInt8]
    private let shaOutputs: [UInt8]
    private let shaAmounts: [UInt8]?
    private let shaScriptPubKeys: [UInt8]?
    private let hashPrevouts: [UInt8]
    private let hashSequences: [UInt8]
    private let hashOutputs: [UInt8]

    public init(transaction: Transaction, spentOutputs: [TransactionOutput]? = nil) throws(SighashError) {
        if let spentOutputs, spentOutputs.count != transaction.inputs.count {
            throw .spentOutputCountMismatch(inputs: transaction.inputs.count, spentOutputs: spentOutputs.count)
        }
        self.transaction = transaction
        self.spentOutputs = spentOutputs
        var prevouts: [UInt8] = []
        var sequences: [UInt8] = []
        prevouts.reserveCapacity(36 * transaction.inputs.count)
        sequences.reserveCapacity(4 * transaction.inputs.count)
        for input in transaction.inputs {
            input.previousOutput.serialize(into: &prevouts)
            sequences.appendUInt32(input.sequence)
        }
        var outputs: [UInt8] = []
        for output in transaction.outputs {
            output.serialize(into: &outputs)
        }
        shaPrevouts = SHA256.hash(prevouts)
        shaSequences = SHA256.hash(sequences)
        shaOutputs = SHA256.hash(outputs)
        hashPrevouts = SHA256.hash(shaPrevouts)
        hashSequences = SHA256.hash(shaSequences)
        hashOutputs = SHA256.hash(shaOutputs)
        if let spentOutputs {
            var amounts: [UInt8] = []
            var scripts: [UInt8] = []
            for output in spentOutputs {
                amounts.appendInt64(output.value)
                scripts.appendVarBytes(output.scriptPubKey.bytes)
            }
            shaAmounts = SHA256.hash(amounts)
            shaScriptPubKeys = SHA256.hash(scripts)
        } else {
            shaAmounts = nil
            shaScriptPubKeys = nil
        }
    }

    /// BIP143 intermediate hashes, exposed for the BIP's test vectors.
    public var segwitV0Midstate: (hashPrevouts: [UInt8], hashSequence: [UInt8], hashOutputs: [UInt8]) {
        (hashPrevouts, hashSequences, hashOutputs)
    }

    /// BIP341 intermediate hashes (nil amounts/scripts without spent outputs), for the BIP's wallet vectors.
    public var taprootMidstate:
        (prevouts: [UInt8], amounts: [UInt8]?, scriptPubKeys: [UInt8]?, sequences: [UInt8], outputs: [UInt8])
    {
        (shaPrevouts, shaAmounts, shaScriptPubKeys, shaSequences, shaOutputs)
    }

    // MARK: Legacy

    /// The pre-segwit signature hash (Bitcoin Core's SignatureHash for SigVersion::BASE), including its quirks:
    /// an out-of-range input or SIGHASH_SINGLE without a matching output hashes to 1, and OP_CODESEPARATORs are
    /// removed from the script code. The caller passes the script code with the signature already removed.
    public func legacy(inputIndex: Int, scriptCode: Script, hashType: UInt32) -> [UInt8] {
        let one = [1] + [UInt8](repeating: 0, count: 31)
        guard inputIndex >= 0, inputIndex < transaction.inputs.count else { return one }
        let type = SighashType(rawValue: hashType)
        if type.isSingle && inputIndex >= transaction.outputs.count { return one }
        var data: [UInt8] = []
        data.reserveCapacity(transaction.serializedCount(includingWitness: false) + scriptCode.count + 4)
        data.appendUInt32(transaction.version)
        let inputIndices = type.isAnyoneCanPay ? [inputIndex] : Array(transaction.inputs.indices)
        data.appendCompactSize(inputIndices.count)
        for index in inputIndices {
            let input = transaction.inputs[index]
            input.previousOutput.serialize(into: &data)
            if index == inputIndex {
                Self.appendScriptCodeWithoutSeparators(scriptCode, to: &data)
            } else {
                data.append(0)
            }
            let zeroSequence = index != inputIndex && (type.isSingle || type.isNone)
            data.appendUInt32(zeroSequence ? 0 : input.sequence)
        }
        let outputCount = type.isNone ? 0 : type.isSingle ? inputIndex + 1 : transaction.outputs.count
        data.appendCompactSize(outputCount)
        for index in 0..<outputCount {
            if type.isSingle && index != inputIndex {
                // An "empty" output: amount -1, empty script.
                data.appendInt64(-1)
                data.append(0)
            } else {
                transaction.outputs[index].serialize(into: &data)
            }
        }
        data.appendUInt32(transaction.lockTime)
        data.appendUInt32(hashType)
        return SHA256.doubleHash(data)
    }

    /// Writes the script code with every OP_CODESEPARATOR removed, walking opcodes exactly as Bitcoin Core's
    /// serializer does (so a script that ends inside a push hashes the same way there and here).
    static func appendScriptCodeWithoutSeparators(_ script: Script, to data: inout [UInt8]) {
        let bytes = script.bytes
        var position = 0
        var separators = 0
        while case let (opcode, next)? = Self.nextOperation(bytes, from: position).success {
            if opcode == Opcode.opCodeSeparator { separators += 1 }
            position = next
        }
        data.appendCompactSize(bytes.count - separators)
        position = 0
        var segmentStart = 0
        while true {
            let step = Self.nextOperation(bytes, from: position)
            position = step.position
            guard case let (opcode, _)? = step.success else { break }
            if opcode == Opcode.opCodeSeparator {
                data.append(contentsOf: bytes[segmentStart..<position - 1])
                segmentStart = position
            }
        }
        if segmentStart != bytes.count {
            data.append(contentsOf: bytes[segmentStart..<position])
        }
    }

    /// Bitcoin Core's GetScriptOp: the opcode and the position after it, or the position where reading stopped.
    private static func nextOperation(
        _ bytes: [UInt8], from start: Int
    ) -> (
        success: (opcode: UInt8, next: Int)?, position: Int
    ) {
        var position = start
        guard position < bytes.count else { return (nil, position) }
        let opcode = bytes[position]
        position += 1
        guard opcode <= Opcode.pushData4 else { return ((opcode, position), position) }
        var size = 0
        switch opcode {
        case Opcode.pushData1:
            guard bytes.count - position >= 1 else { return (nil, position) }
            size = Int(bytes[position])
            position += 1
        case Opcode.pushData2:
            guard bytes.count - position >= 2 else { return (nil, position) }
            size = Int(bytes[position]) | Int(bytes[position + 1]) << 8
            position += 2
        case Opcode.pushData4:
            guard bytes.count - position >= 4 else { return (nil, position) }
            size = (0..<4).reduce(0) { $0 | Int(bytes[position + $1]) << (8 * $1) }
            position += 4
        default:
            size = Int(opcode)
        }
        guard bytes.count - position >= size else { return (nil, position) }
        position += size
        return ((opcode, position), position)
    }

    // MARK: BIP143

    /// The BIP143 signature hash for a segwit v0 input spending `amount` satoshis.
    public func segwitV0(
        inputIndex: Int, scriptCode: Script, amount: Int64, hashType: UInt32
    ) throws(SighashError)
        -> [UInt8]
    {
        guard inputIndex >= 0, inputIndex < transaction.inputs.count else {
            throw .inputIndexOutOfRange(inputIndex)
        }
        let type = SighashType(rawValue: hashType)
        let zero = [UInt8](repeating: 0, count: 32)
        let input = transaction.inputs[inputIndex]
        var data: [UInt8] = []
        data.reserveCapacity(160 + scriptCode.count)
        data.appendUInt32(transaction.version)
        data.append(contentsOf: type.isAnyoneCanPay ? zero : hashPrevouts)
        data.append(contentsOf: type.isAnyoneCanPay || type.isSingle || type.isNone ? zero : hashSequences)
        input.previousOutput.serialize(into: &data)
        data.appendVarBytes(scriptCode.bytes)
        data.appendInt64(amount)
        data.appendUInt32(input.sequence)
        if !type.isSingle && !type.isNone {
            data.append(contentsOf: hashOutputs)
        } else if type.isSingle && inputIndex < transaction.outputs.count {
            data.append(contentsOf: SHA256.doubleHash(transaction.outputs[inputIndex].serialized))
        } else {
            data.append(contentsOf: zero)
        }
        data.appendUInt32(transaction.lockTime)
        data.appendUInt32(hashType)
        return SHA256.doubleHash(data)
    }

    // MARK: BIP341

    /// The BIP341 signature hash. `leafHash` selects script-path spending (BIP342, key version 0);
    /// `codeSeparatorPosition` is the opcode position of the last executed OP_CODESEPARATOR (0xffffffff for none).
    public func taproot(
        inputIndex: Int, hashType: UInt32, leafHash: [UInt8]? = nil, annex: [UInt8]? = nil,
        codeSeparatorPosition: UInt32 = 0xffff_ffff
    ) throws(SighashError) -> [UInt8] {
        guard inputIndex >= 0, inputIndex < transaction.inputs.count else {
            throw .inputIndexOutOfRange(inputIndex)
        }
        let type = SighashType(rawValue: hashType)
        guard type.isDefinedForTaproot else { throw .undefinedHashType(hashType) }
        let outputType = hashType == 0 ? 1 : hashType & 3
        let anyoneCanPay = type.isAnyoneCanPay
        var message = SHA256.TaggedHasher(tag: "TapSighash")
        var data: [UInt8] = [0x00, UInt8(hashType)]
        data.reserveCapacity(240)
        data.appendUInt32(transaction.version)
        data.appendUInt32(transaction.lockTime)
        if !anyoneCanPay {
            guard let shaAmounts, let shaScriptPubKeys else { throw .spentOutputsRequired }
            data.append(contentsOf: shaPrevouts)
            data.append(contentsOf: shaAmounts)
            data.append(contentsOf: shaScriptPubKeys)
            data.append(contentsOf: shaSequences)
        }
        if outputType == 1 {
            data.append(contentsOf: shaOutputs)
        }
        let spendType = UInt8((leafHash == nil ? 0 : 2) + (annex == nil ? 0 : 1))
        data.append(spendType)
        if anyoneCanPay {
            guard let spentOutputs else { throw .spentOutputsRequired }
            let input = transaction.inputs[inputIndex]
            input.previousOutput.serialize(into: &data)
            spentOutputs[inputIndex].serialize(into: &data)
            data.appendUInt32(input.sequence)
        } else {
            data.appendUInt32(UInt32(inputIndex))
        }
        if let annex {
            var annexData: [UInt8] = []
            annexData.appendVarBytes(annex)
            data.append(contentsOf: SHA256.hash(annexData))
        }
        if outputType == 3 {
            guard inputIndex < transaction.outputs.count else { throw .noOutputForSingle(inputIndex: inputIndex) }
            data.append(contentsOf: SHA256.hash(transaction.outputs[inputIndex].serialized))
        }
        if let leafHash {
            data.append(contentsOf: leafHash)
            data.append(0x00)
            data.appendUInt32(codeSeparatorPosition)
        }
        message.update(data)
        return message.finalize()
    }
}
