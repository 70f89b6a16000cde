/// A rule of the migration policy (docs/MANIFEST.md), named as the policy file names its field.
public enum PolicyRule: String, Sendable, CaseIterable {
    case network
    case expires
    case allowedDestinations = "allowed_destinations"
    case maximumFeeRate = "max_fee_rate_sat_vb"
    case maximumFee = "max_fee_sat"
    case requiredCosigners = "required_cosigners"
    case quorum
}

/// One way a plan, a combined PSBT or a transaction breaks the migration policy.
public struct PolicyViolation: Error, Equatable, Sendable, CustomStringConvertible {
    public let rule: PolicyRule
    public let detail: String

    public init(_ rule: PolicyRule, _ detail: String) {
        self.rule = rule
        self.detail = detail
    }

    public var description: String { "outside the migration policy (rule \(rule.rawValue)): \(detail)" }
}
