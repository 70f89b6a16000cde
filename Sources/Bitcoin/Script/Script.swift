internal import CustosCrypto

/// A Bitcoin script: raw bytes, with helpers to read its operations and to build standard ones.
public struct Script: Sendable, Hashable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    public init(_ bytes: some Collection<UInt8>) {
        self.bytes = Array(bytes)
    }

    public var isEmpty: Bool { bytes.isEmpty }
    public var count: Int { bytes.count }
    public var description: String { bytes.hexString }

    /// One element of a script: an opcode, or a push of data (with the opcode that pushed it).
    public struct Operation: Sendable, Equatable {
        public let opcode: UInt8
        public let data: ArraySlice<UInt8>?
    }

    /// The script's operations; nil when a push runs past the end.
    public var operations: [Operation]? {
        var result: [Operation] = []
        var index = 0
        while index < bytes.count {
            let opcode = bytes[index]
            index += 1
            var length = 0
            switch opcode {
            case 0x01..<Opcode.pushData1: length = Int(opcode)
            case Opcode.pushData1:
                guard index + 1 <= bytes.count else { return nil }
                length = Int(bytes[index])
                index += 1
            case Opcode.pushData2:
                guard index + 2 <= bytes.count else { return nil }
                length = Int(bytes[index]) | Int(bytes[index + 1]) << 8
                index += 2
            case Opcode.pushData4:
                guard index + 4 <= bytes.count else { return nil }
                length = (0..<4).reduce(0) { $0 | Int(bytes[index + $1]) << (8 * $1) }
                index += 4
            default:
                result.append(Operation(opcode: opcode, data: nil))
                continue
            }
            guard length <= bytes.count - index else { return nil }
            result.append(Operation(opcode: opcode, data: bytes[index..<index + length]))
            index += length
        }
        return result
    }

    /// True when the script is only pushes (BIP16's rule for scriptSigs that spend P2SH).
    public var isPushOnly: Bool {
        guard let operations else { return false }
        return operations.allSatisfy { $0.data != nil || $0.opcode <= Opcode.op16 }
    }

    // MARK: Building

    /// Appends a push of `data` with the shortest push opcode (Bitcoin Core's `CScript << vector`).
    public mutating func appendPush(_ data: some Collection<UInt8>) {
        let count = data.count
        switch count {
        case 0..<Int(Opcode.pushData1): bytes.append(UInt8(count))
        case 0..<0x100:
            bytes.append(Opcode.pushData1)
            bytes.append(UInt8(count))
        case 0..<0x10000:
            bytes.append(Opcode.pushData2)
            bytes.appendUInt16(UInt16(count))
        default:
            bytes.append(Opcode.pushData4)
            bytes.appendUInt32(UInt32(count))
        }
        bytes.append(contentsOf: data)
    }

    /// Appends a number the way Bitcoin Core's `CScript << int64` does: OP_0 / OP_1...OP_16 / OP_1NEGATE when
    /// possible, otherwise a minimal little-endian sign-magnitude push.
    public mutating func appendNumber(_ value: Int) {
        if value == -1 {
            bytes.append(Opcode.op1Negate)
        } else if let opcode = Opcode.smallInteger(value) {
            bytes.append(opcode)
        } else {
            appendPush(Script.numberBytes(value))
        }
    }

    public mutating func appendOpcode(_ opcode: UInt8) {
        bytes.append(opcode)
    }

    /// Script-number encoding (minimal, little-endian, sign bit in the last byte).
    static func numberBytes(_ value: Int) -> [UInt8] {
        guard value != 0 else { return [] }
        var magnitude = value.magnitude
        var result: [UInt8] = []
        while magnitude > 0 {
            result.append(UInt8(magnitude & 0xff))
            magnitude >>= 8
        }
        if let last = result.last, last & 0x80 != 0 {
            result.append(value < 0 ? 0x80 : 0)
        } else if value < 0, let last = result.indices.last {
            result[last] |= 0x80
        }
        return result
    }

    /// Decodes a minimally encoded script number of at most `maximumLength` bytes.
    static func decodeNumber(_ data: some Collection<UInt8>, maximumLength: Int = 4) -> Int? {
        let bytes = Array(data)
        guard bytes.count <= maximumLength else { return nil }
        guard let last = bytes.last else { return 0 }
        // Minimality: the top byte may only be 0x00/0x80 when the next byte needs its high bit.
        if last & 0x7f == 0 && (bytes.count == 1 || bytes[bytes.count - 2] & 0x80 == 0) { return nil }
        var result = 0
        for (index, byte) in bytes.enumerated() {
            result |= Int(byte) << (8 * index)
        }
        if last & 0x80 != 0 {
            return -(result & ~(0x80 << (8 * (bytes.count - 1))))
        }
        return result
    }

    // MARK: Standard scripts

    public static func payToPubkeyHash(_ hash: [UInt8]) -> Script {
        Script([Opcode.opDup, Opcode.opHash160, 20] + hash + [Opcode.opEqualVerify, Opcode.opCheckSig])
    }

    public static func payToScriptHash(_ hash: [UInt8]) -> Script {
        Script([Opcode.opHash160, 20] + hash + [Opcode.opEqual])
    }

    /// OP_version <program>: P2WPKH, P2WSH, P2TR and future witness versions.
    public static func witnessProgram(version: Int, program: [UInt8]) -> Script {
        var script = Script()
        script.bytes.append(Opcode.smallInteger(version) ?? Opcode.op0)
        script.appendPush(program)
        return script
    }

    public static func payToWitnessScriptHash(_ witnessScript: Script) -> Script {
        witnessProgram(version: 0, program: SHA256.hash(witnessScript.bytes))
    }

    public static func payToScriptHash(redeemScript: Script) -> Script {
        payToScriptHash(Hash160.hash(redeemScript.bytes))
    }

    /// OP_m <key>... OP_n OP_CHECKMULTISIG, keys in the given order.
    public static func multisig(threshold: Int, keys: [[UInt8]]) -> Script {
        var script = Script()
        script.appendNumber(threshold)
        for key in keys { script.appendPush(key) }
        script.appendNumber(keys.count)
        script.appendOpcode(Opcode.opCheckMultisig)
        return script
    }

    /// <key1> OP_CHECKSIG <key2> OP_CHECKSIGADD ... <m> OP_NUMEQUAL (BIP387 multi_a), keys in the given order.
    public static func multiA(threshold: Int, keys: [[UInt8]]) -> Script {
        var script = Script()
        for (index, key) in keys.enumerated() {
            script.appendPush(key)
            script.appendOpcode(index == 0 ? Opcode.opCheckSig : Opcode.opCheckSigAdd)
        }
        script.appendNumber(threshold)
        script.appendOpcode(Opcode.opNumEqual)
        return script
    }
}
