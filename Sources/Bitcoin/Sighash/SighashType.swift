/// A signature hash type: which parts of the transaction a signature commits to.
public struct SighashType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Taproot only: commits like ALL, with a 64-byte signature (no hash-type byte).
    public static let `default` = SighashType(rawValue: 0x00)
    public static let all = SighashType(rawValue: 0x01)
    public static let none = SighashType(rawValue: 0x02)
    public static let single = SighashType(rawValue: 0x03)
    public static let allAnyoneCanPay = SighashType(rawValue: 0x81)
    public static let noneAnyoneCanPay = SighashType(rawValue: 0x82)
    public static let singleAnyoneCanPay = SighashType(rawValue: 0x83)

    public static let anyoneCanPayFlag: UInt32 = 0x80

    /// The low five bits (legacy and BIP143 interpret only these, plus the ANYONECANPAY bit).
    var base: UInt32 { rawValue & 0x1f }
    public var isAnyoneCanPay: Bool { rawValue & Self.anyoneCanPayFlag != 0 }
    var isNone: Bool { base == 2 }
    var isSingle: Bool { base == 3 }

    /// One of the six types Bitcoin's STRICTENC policy accepts for ECDSA (ALL, NONE, SINGLE, each with or without
    /// ANYONECANPAY).
    public var isDefinedForECDSA: Bool {
        let withoutFlag = rawValue & ~Self.anyoneCanPayFlag
        return withoutFlag >= 1 && withoutFlag <= 3
    }

    /// One of the seven types BIP341 accepts (the six above and DEFAULT).
    public var isDefinedForTaproot: Bool { rawValue == 0 || isDefinedForECDSA && rawValue <= 0xff }

    public var description: String {
        switch rawValue {
        case 0x00: return "DEFAULT"
        case 0x01: return "ALL"
        case 0x02: return "NONE"
        case 0x03: return "SINGLE"
        case 0x81: return "ALL|ANYONECANPAY"
        case 0x82: return "NONE|ANYONECANPAY"
        case 0x83: return "SINGLE|ANYONECANPAY"
        default: return "0x" + String(rawValue, radix: 16)
        }
    }
}
