public import CustosSupport

extension AddressError: CodedFailure {
    public enum Codes {
        public static let encoding = FailureCode("address.encoding", .malformed, "Text is not a valid Bitcoin address.")
        public static let network = FailureCode(
            "address.network", .refused, "An address belongs to another network than the one in use.")
        public static let noForm = FailureCode(
            "address.no-form", .unsupported, "An output script has no address form (bare multisig, OP_RETURN).")
    }

    public var code: FailureCode {
        switch self {
        case .invalidEncoding: return Codes.encoding
        case .wrongNetwork: return Codes.network
        case .noAddressForm: return Codes.noForm
        }
    }
}
