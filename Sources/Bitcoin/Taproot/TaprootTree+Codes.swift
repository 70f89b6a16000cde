public import CustosSupport

extension TaprootTree.BuildError: CodedFailure {
    public enum Codes {
        public static let shape = FailureCode(
            "taproot.tree.shape", .malformed, "Taproot leaves do not form a complete tree of depth at most 128.")
    }

    public var code: FailureCode { Codes.shape }

    public var description: String {
        switch self {
        case .depthTooLarge(let depth): return "taproot leaf depth \(depth) is beyond the maximum of 128"
        case .notComplete: return "the taproot leaves do not form a complete tree in depth-first order"
        case .empty: return "a taproot tree needs at least one leaf"
        }
    }
}
