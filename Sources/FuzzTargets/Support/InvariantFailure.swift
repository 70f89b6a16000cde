/// A fuzz target's invariant that did not hold for one input: a round trip that is not byte-identical, an accepted
/// input an oracle refuses, a verdict the verifier must never give.
///
/// Target bodies throw it instead of stopping the process, so the same body serves two masters: the libFuzzer
/// driver turns it into a crash report (how libFuzzer records a finding), and the regression tests record it as a
/// test failure and go on with the next input.
public struct InvariantFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "fuzz invariant failed: \(message)" }

    /// Throws when `condition` is false; the message is built only then.
    public static func require(
        _ condition: Bool, _ message: @autoclosure () -> String
    ) throws(InvariantFailure) {
        if !condition { throw InvariantFailure(message()) }
    }
}
