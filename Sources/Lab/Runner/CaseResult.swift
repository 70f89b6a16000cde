public import CustosSupport

/// What happened to one case: its verdict against its expectations, why, and the evidence a reviewer re-checks.
public struct CaseResult: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case passed
        case failed
        case skipped
    }

    /// Why a failed case failed: its expectations were not met, or the case itself could not be run as written
    /// (malformed file, missing input, unsupported kind). JUnit reports the first as a failure, the second as an
    /// error; both count as failed.
    public enum FailureClass: String, Sendable, Codable {
        case expectation
        case caseFile = "case-file"
    }

    /// Declared id, or the file's path when the file is too broken to name one.
    public var id: String
    public var kind: String?
    public var description: String?
    public var provenance: String?
    /// The case file, relative to the suite folder.
    public var file: String
    /// SHA-256 of the case file as run, so a report names exactly which definition produced it.
    public var fileSHA256: String?
    public var status: Status
    public var failureClass: FailureClass?
    /// The reasons for a failure or a skip, most important first.
    public var reasons: [String]
    /// The reasons of a failure with their codes (docs/ERRORS.md), for the JSON report's `problems`; empty unless
    /// the case failed. Written by `JSONReport`, not part of the stored fields.
    public var problems: [Problem] = []
    /// Each expectation with what was observed.
    public var checks: [CaseCheck]
    public var evidence: [CaseEvidence]
    public var durationMilliseconds: Double

    public init(
        id: String, kind: String?, description: String?, provenance: String?, file: String, fileSHA256: String?,
        status: Status, failureClass: FailureClass? = nil, reasons: [String] = [], problems: [Problem] = [],
        checks: [CaseCheck] = [], evidence: [CaseEvidence] = [], durationMilliseconds: Double = 0
    ) {
        self.id = id
        self.kind = kind
        self.description = description
        self.provenance = provenance
        self.file = file
        self.fileSHA256 = fileSHA256
        self.status = status
        self.failureClass = failureClass
        self.reasons = reasons
        self.problems = problems
        self.checks = checks
        self.evidence = evidence
        self.durationMilliseconds = durationMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, description, provenance, file, fileSHA256, status, failureClass, reasons, checks, evidence
        case durationMilliseconds
    }
}

/// One expectation of a case and what the run observed.
public struct CaseCheck: Sendable, Codable, Equatable {
    public var name: String
    public var expected: String
    public var actual: String
    public var passed: Bool

    public init(name: String, expected: String, actual: String, passed: Bool) {
        self.name = name
        self.expected = expected
        self.actual = actual
        self.passed = passed
    }
}

/// One fact the run established: a hash, a fingerprint, the keys that signed, a device's answer.
public struct CaseEvidence: Sendable, Codable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
