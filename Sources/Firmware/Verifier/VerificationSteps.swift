/// The outcome of one verification step: passed or not, with the reasons a person needs.
public struct StepResult: Sendable, Equatable {
    public let passed: Bool
    public let reasons: [String]

    public init(passed: Bool, reasons: [String] = []) {
        self.passed = passed
        self.reasons = reasons
    }

    /// Passed when `failures` is empty.
    init(failures: [String]) {
        self.init(passed: failures.isEmpty, reasons: failures)
    }
}

/// Which pinned key sets produced a valid signature threshold.
public struct SignatureCheck: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        /// The threshold is met by production keys.
        case production
        /// The threshold is met only by keys whose private halves are public (debug/dev keys).
        case development
        /// No pinned key set meets the threshold.
        case invalid
    }

    public let outcome: Outcome
    /// The key sets that verified, e.g. ["T3T1.bootloader", "vendor keys (2 of 3)"].
    public let keySets: [String]
    public let reasons: [String]

    public init(outcome: Outcome, keySets: [String] = [], reasons: [String] = []) {
        self.outcome = outcome
        self.keySets = keySets
        self.reasons = reasons
    }
}

/// Where the image stands against the vendor's pinned release index.
public enum ReleaseMatch: Sendable, Equatable {
    /// The fingerprint or hash is an official release.
    case listed(VendorRelease)
    /// The vendor publishes an index for this kind of image and the image is not in it.
    case unlisted(String)
    /// No index is pinned for this vendor or kind of image.
    case noIndex(String)
}

/// What an image tells the verifier to look up in the release indexes.
struct ReleaseLookup: Sendable {
    let kind: ReleaseHashKind
    let hash: [UInt8]
    /// Release-index model names the image may match (case-insensitive); empty = any.
    let models: [String]
    let what: String
}
