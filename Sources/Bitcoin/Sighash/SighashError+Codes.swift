public import CustosSupport

extension SighashError: CodedFailure {
    public enum Codes {
        public static let inputIndex = FailureCode(
            "sighash.input-index", .malformed, "A signature hash was asked for an input the transaction lacks.")
        public static let undefinedType = FailureCode(
            "sighash.type.undefined", .malformed, "A sighash type is not one BIP341 defines.")
        public static let singleWithoutOutput = FailureCode(
            "sighash.single.no-output", .malformed, "SIGHASH_SINGLE signs an input that has no output at its index.")
        public static let spentOutputs = FailureCode(
            "sighash.spent-outputs", .malformed, "Taproot signing lacks the amount and script of every spent output.")
    }

    public var code: FailureCode {
        switch self {
        case .inputIndexOutOfRange: return Codes.inputIndex
        case .undefinedHashType: return Codes.undefinedType
        case .noOutputForSingle: return Codes.singleWithoutOutput
        case .spentOutputsRequired, .spentOutputCountMismatch: return Codes.spentOutputs
        }
    }

    public var context: [(key: String, value: String)] {
        switch self {
        case .inputIndexOutOfRange(let index), .noOutputForSingle(let index): return [("input", String(index))]
        default: return []
        }
    }
}
