public import CustosSupport

extension LabCaseError: CodedFailure {
    public enum Codes {
        public static let unreadable = FailureCode("lab.case.unreadable", .malformed, "A case file cannot be read.")
        public static let json = FailureCode("lab.case.json", .malformed, "A case file is not strict JSON.")
        public static let field = FailureCode(
            "lab.case.field", .malformed, "A case field is missing, unknown, of the wrong type or invalid.")
        public static let format = FailureCode(
            "lab.case.format", .unsupported, "A case file's format version is not the one this build reads.")
        public static let duplicateID = FailureCode(
            "lab.case.duplicate-id", .malformed, "Two case files declare the same id.")
        public static let kind = FailureCode("lab.case.kind", .unsupported, "A case kind this build does not run.")
        public static let inputMissing = FailureCode(
            "lab.case.input-missing", .malformed, "A file a case references does not exist.")
        public static let inputUnreadable = FailureCode(
            "lab.case.input-unreadable", .malformed, "A file a case references cannot be read or is too large.")
        public static let inputChanged = FailureCode(
            "lab.case.input-changed", .refused, "A file a case references is not the one the case pinned by SHA-256.")
    }

    public var code: FailureCode {
        switch self {
        case .unreadableCaseFile: return Codes.unreadable
        case .malformedJSON: return Codes.json
        case .invalidField: return Codes.field
        case .unsupportedFormat: return Codes.format
        case .duplicateID: return Codes.duplicateID
        case .unsupportedKind: return Codes.kind
        case .missingFile: return Codes.inputMissing
        case .unreadableFile, .fileTooLarge: return Codes.inputUnreadable
        case .inputChanged: return Codes.inputChanged
        }
    }

    public var context: [(key: String, value: String)] {
        switch self {
        case .missingFile(let field, _, let path), .unreadableFile(let field, let path, _),
            .fileTooLarge(let field, let path, _), .inputChanged(let field, let path, _, _):
            return [("field", field), ("file", path)]
        default: return []
        }
    }
}

extension LabSuiteError: CodedFailure {
    public enum Codes {
        public static let missing = FailureCode("lab.suite.missing", .malformed, "The vectors folder does not exist.")
        public static let unusable = FailureCode(
            "lab.suite.unusable", .malformed, "The vectors path is not a folder, or cannot be listed.")
    }

    public var code: FailureCode {
        switch self {
        case .missing: return Codes.missing
        case .notAFolder, .unreadable: return Codes.unusable
        }
    }
}

extension LabReportError: CodedFailure {
    public enum Codes {
        public static let unwritable = FailureCode(
            "lab.report.unwritable", .environment, "A lab report cannot be produced.")
    }

    public var code: FailureCode { Codes.unwritable }
}

/// A lab run that did not pass: no case ran, or cases failed.
public struct LabRunFailure: CodedFailure, Sendable {
    public enum Codes {
        public static let empty = FailureCode("lab.run.empty", .refused, "A lab run found no case to run.")
        public static let failed = FailureCode("lab.run.failed", .refused, "Cases of a lab run failed.")
    }

    public let code: FailureCode
    public let message: String

    public init(empty message: String) {
        self.code = Codes.empty
        self.message = message
    }

    public init(failed: Int, of total: Int) {
        self.code = Codes.failed
        self.message = "\(failed) of \(total) cases failed"
    }

    public var description: String { message }
}

extension CaseResult {
    public enum Codes {
        public static let expectation = FailureCode(
            "lab.case.expectation", .refused, "A lab case's verdict or observations differ from its expectations.")
    }
}
