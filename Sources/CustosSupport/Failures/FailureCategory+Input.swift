extension FailureCategory {
    /// True for input that could not be used as what it claims to be (malformed or unsupported): a report's
    /// "unparsable" verdict, exit 2. False for refusals and failures around the input.
    public var isUnusableInput: Bool { self == .malformed || self == .unsupported }
}
