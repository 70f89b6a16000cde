/// A multisig script in one of the two forms Custos finalizes: `OP_m <keys> OP_n OP_CHECKMULTISIG` (legacy and
/// segwit v0) or `<k1> OP_CHECKSIG <k2> OP_CHECKSIGADD ... <m> OP_NUMEQUAL` (tapscript, BIP387 multi_a).
public struct MultisigScript: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case checkMultisig
        case checkSigAdd
    }

    public let kind: Kind
    public let threshold: Int
    /// Keys in script order: 33/65-byte SEC1 keys for CHECKMULTISIG, 32-byte x-only keys for CHECKSIGADD.
    public let publicKeys: [[UInt8]]

    /// Recognises either form; nil for any other script.
    public init?(_ script: Script) {
        guard let operations = script.operations, operations.count >= 3 else { return nil }
        if let parsed = Self.parseCheckMultisig(operations) {
            self = parsed
        } else if let parsed = Self.parseCheckSigAdd(operations) {
            self = parsed
        } else {
            return nil
        }
    }

    public init(kind: Kind, threshold: Int, publicKeys: [[UInt8]]) {
        self.kind = kind
        self.threshold = threshold
        self.publicKeys = publicKeys
    }

    private static func parseCheckMultisig(_ operations: [Script.Operation]) -> MultisigScript? {
        guard let last = operations.last, last.opcode == Opcode.opCheckMultisig, last.data == nil else { return nil }
        guard let threshold = Opcode.smallIntegerValue(operations[0].opcode), operations[0].data == nil,
            let keyCount = Opcode.smallIntegerValue(operations[operations.count - 2].opcode),
            operations[operations.count - 2].data == nil
        else { return nil }
        let keyOperations = operations[1..<operations.count - 2]
        guard keyCount == keyOperations.count, threshold >= 1, threshold <= keyCount else { return nil }
        var keys: [[UInt8]] = []
        for operation in keyOperations {
            guard let data = operation.data, data.count == 33 || data.count == 65,
                operation.opcode == UInt8(data.count)
            else { return nil }
            keys.append(Array(data))
        }
        return MultisigScript(kind: .checkMultisig, threshold: threshold, publicKeys: keys)
    }

    private static func parseCheckSigAdd(_ operations: [Script.Operation]) -> MultisigScript? {
        // <k1> CHECKSIG (<k> CHECKSIGADD)* <m> NUMEQUAL
        guard operations.count >= 4, operations.count % 2 == 0,
            let last = operations.last, last.opcode == Opcode.opNumEqual, last.data == nil
        else { return nil }
        var keys: [[UInt8]] = []
        var index = 0
        while index < operations.count - 2 {
            guard let data = operations[index].data, data.count == 32, operations[index].opcode == 32 else {
                return nil
            }
            let expected = index == 0 ? Opcode.opCheckSig : Opcode.opCheckSigAdd
            guard operations[index + 1].opcode == expected, operations[index + 1].data == nil else { return nil }
            keys.append(Array(data))
            index += 2
        }
        let thresholdOperation = operations[operations.count - 2]
        let threshold: Int
        if let small = Opcode.smallIntegerValue(thresholdOperation.opcode), thresholdOperation.data == nil {
            threshold = small
        } else if let data = thresholdOperation.data, let value = Script.decodeNumber(data), value > 16 {
            threshold = value
        } else {
            return nil
        }
        guard threshold >= 1, threshold <= keys.count else { return nil }
        return MultisigScript(kind: .checkSigAdd, threshold: threshold, publicKeys: keys)
    }

    /// The script itself.
    public var script: Script {
        switch kind {
        case .checkMultisig: return Script.multisig(threshold: threshold, keys: publicKeys)
        case .checkSigAdd: return Script.multiA(threshold: threshold, keys: publicKeys)
        }
    }
}
