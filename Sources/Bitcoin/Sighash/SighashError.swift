/// Why a signature hash cannot be computed.
public enum SighashError: Error, Equatable, Sendable, CustomStringConvertible {
    case inputIndexOutOfRange(Int)
    /// BIP341 defines only DEFAULT, ALL, NONE, SINGLE and their ANYONECANPAY forms.
    case undefinedHashType(UInt32)
    /// Taproot SINGLE needs an output at the input's index.
    case noOutputForSingle(inputIndex: Int)
    /// BIP341 commits to every spent output's amount and script unless ANYONECANPAY.
    case spentOutputsRequired
    case spentOutputCountMismatch(inputs: Int, spentOutputs: Int)

    public var description: String {
        switch self {
        case .inputIndexOutOfRange(let index): return "input index \(index) is out of range"
        case .undefinedHashType(let type): return "undefined sighash type 0x\(String(type, radix: 16))"
        case .noOutputForSingle(let index): return "SIGHASH_SINGLE for input \(index) has no output at that index"
        case .spentOutputsRequired: return "the amounts and scripts of every spent output are required"
        case .spentOutputCountMismatch(let inputs, let spent):
            return "\(spent) spent outputs given for \(inputs) inputs"
        }
    }
}
