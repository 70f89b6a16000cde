/// What kind of failure ended a step. The category alone decides a command's exit status (`custos` maps it in one
/// switch), so every module classifies its failures the same way.
public enum FailureCategory: String, Sendable, Hashable, CaseIterable {
    /// The input is unusable: missing, unreadable, or not of its format (exit 2).
    case malformed
    /// The input was understood and a check said no: a signature, a policy rule, an approval (exit 1).
    case refused
    /// Well-formed input of a kind Custos does not handle, refused rather than half-checked (exit 2).
    case unsupported
    /// The world around the input: a device, the USB stack, the network, a file that could not be written (exit 1).
    case environment
    /// The request itself is wrong: options that contradict each other, a missing argument (exit 64).
    case usage
}
