public import CustosSupport

extension ProfileError: CodedFailure {
    public enum Codes {
        public static let invalid = FailureCode(
            "manifest.profile", .malformed, "A firmware approval or migration policy breaks the Custos profile.")
    }

    public var code: FailureCode { Codes.invalid }

    public var context: [(key: String, value: String)] { [("subject", subject)] }
}
