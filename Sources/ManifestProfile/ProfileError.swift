internal import CustosSupport

/// Why a target's `custom.custos` block or a migration policy file does not follow the Custos profile
/// (docs/MANIFEST.md).
public struct ProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The target path or file the problem is in.
    public let subject: String
    public let reason: String

    public init(subject: String, reason: String) {
        self.subject = subject
        self.reason = reason
    }

    /// Control characters escaped: reasons quote the policy or approval (descriptors, names), and the CLI prints them.
    public var description: String { "\(subject): \(reason)".escapingControlCharacters }
}
