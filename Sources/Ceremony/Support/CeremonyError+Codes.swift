public import CustosSupport

extension CeremonyError: CodedFailure {
    public enum Codes {
        public static let malformed = FailureCode(
            "ceremony.input.malformed", .malformed, "A ceremony input (UTXO list, descriptor, policy) cannot be read.")
        public static let unsupported = FailureCode(
            "ceremony.input.unsupported", .unsupported, "A well-formed ceremony input of a kind Custos does not handle."
        )
        public static let refused = FailureCode(
            "ceremony.refused", .refused,
            "Ceremony data contradicts itself or the wallet, or the sweep cannot be made; the message names the rule.")
    }

    public var code: FailureCode {
        switch self {
        case .unparsable: return Codes.malformed
        case .unsupported: return Codes.unsupported
        case .refused: return Codes.refused
        case .policy(let violation): return violation.code
        case .psbt(let error): return error.code
        }
    }

    public var context: [(key: String, value: String)] {
        switch self {
        case .policy(let violation): return violation.context
        case .psbt(let error): return error.context
        case .unparsable, .unsupported, .refused: return []
        }
    }
}

extension PolicyViolation: CodedFailure {
    public enum Codes {
        public static let network = FailureCode(
            "policy.network", .refused, "The migration policy names another network than the wallet's.")
        public static let expired = FailureCode("policy.expired", .refused, "The migration policy has expired.")
        public static let destination = FailureCode(
            "policy.destination", .refused, "An output pays an address the migration policy does not allow.")
        public static let feeRate = FailureCode(
            "policy.fee-rate", .refused, "The fee rate is above the migration policy's maximum.")
        public static let fee = FailureCode("policy.fee", .refused, "The fee is above the migration policy's maximum.")
        public static let cosigners = FailureCode(
            "policy.cosigners", .refused, "A cosigner the migration policy requires has not signed.")
        public static let quorum = FailureCode(
            "policy.quorum", .refused, "Fewer cosigners signed than the migration policy's quorum.")
    }

    public var code: FailureCode {
        switch rule {
        case .network: return Codes.network
        case .expires: return Codes.expired
        case .allowedDestinations: return Codes.destination
        case .maximumFeeRate: return Codes.feeRate
        case .maximumFee: return Codes.fee
        case .requiredCosigners: return Codes.cosigners
        case .quorum: return Codes.quorum
        }
    }

    public var context: [(key: String, value: String)] { [("rule", rule.rawValue)] }
}
