/// The script opcodes Custos builds or recognises (values from Bitcoin Core's script.h).
public enum Opcode {
    public static let op0: UInt8 = 0x00
    public static let pushData1: UInt8 = 0x4c
    public static let pushData2: UInt8 = 0x4d
    public static let pushData4: UInt8 = 0x4e
    public static let op1Negate: UInt8 = 0x4f
    public static let op1: UInt8 = 0x51
    public static let op16: UInt8 = 0x60
    public static let opReturn: UInt8 = 0x6a
    public static let opDup: UInt8 = 0x76
    public static let opEqual: UInt8 = 0x87
    public static let opEqualVerify: UInt8 = 0x88
    public static let opHash160: UInt8 = 0xa9
    public static let opCodeSeparator: UInt8 = 0xab
    public static let opCheckSig: UInt8 = 0xac
    public static let opCheckMultisig: UInt8 = 0xae
    public static let opNumEqual: UInt8 = 0x9c
    public static let opCheckSigAdd: UInt8 = 0xba

    /// OP_n for 0...16.
    public static func smallInteger(_ value: Int) -> UInt8? {
        switch value {
        case 0: return op0
        case 1...16: return op1 + UInt8(value - 1)
        default: return nil
        }
    }

    /// The value of OP_0 / OP_1...OP_16, or nil for any other opcode.
    public static func smallIntegerValue(_ opcode: UInt8) -> Int? {
        if opcode == op0 { return 0 }
        if opcode >= op1 && opcode <= op16 { return Int(opcode - op1) + 1 }
        return nil
    }
}
