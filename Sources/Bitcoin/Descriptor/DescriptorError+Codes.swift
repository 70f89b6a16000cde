public import CustosSupport

extension DescriptorError: CodedFailure {
    public enum Codes {
        public static let syntax = FailureCode(
            "descriptor.syntax", .malformed,
            "An output descriptor does not parse, or uses a part where it is not allowed.")
        public static let checksum = FailureCode(
            "descriptor.checksum", .malformed, "An output descriptor's checksum is missing where required or wrong.")
        public static let key = FailureCode("descriptor.key", .malformed, "A key in an output descriptor is invalid.")
        public static let threshold = FailureCode(
            "descriptor.threshold", .malformed, "A multisig threshold is out of range for its keys.")
        public static let derivation = FailureCode(
            "descriptor.derivation", .malformed, "A descriptor's derivation path cannot be followed.")
        public static let unsupported = FailureCode(
            "descriptor.unsupported", .unsupported, "Valid descriptor syntax Custos does not implement (combo, musig).")
    }

    public var code: FailureCode {
        switch self {
        case .invalidCharacter, .syntax, .notAllowedHere: return Codes.syntax
        case .invalidChecksum: return Codes.checksum
        case .invalidKey: return Codes.key
        case .invalidThreshold: return Codes.threshold
        case .derivation: return Codes.derivation
        case .unsupported: return Codes.unsupported
        }
    }
}
