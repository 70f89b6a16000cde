internal import FoundationEssentials

/// `--json` and CI consumers: the whole run as one JSON document (snake_case keys, cases failures first).
public enum JSONReport {
    /// Identifies the document and its version, so consumers can refuse one they do not know.
    static let format = "custos-lab-report"
    static let version = 1

    private struct Document: Encodable {
        let format: String
        let version: Int
        let summary: Summary
        let environment: LabEnvironment
        let cases: [Case]
    }

    /// A case as stored, plus its coded `problems`.
    private struct Case: Encodable {
        let result: CaseResult

        private enum Key: String, CodingKey { case problems }

        func encode(to encoder: any Encoder) throws {
            try result.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(result.problems, forKey: .problems)
        }
    }

    private struct Summary: Encodable {
        let passed: Int
        let failed: Int
        let skipped: Int
        let line: String
    }

    public static func render(_ run: LabRun) throws(LabReportError) -> [UInt8] {
        let document = Document(
            format: format, version: version,
            summary: Summary(passed: run.passed, failed: run.failed, skipped: run.skipped, line: run.summaryLine),
            environment: run.environment, cases: run.failuresFirst.map(Case.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do {
            return Array(try encoder.encode(document)) + [UInt8(ascii: "\n")]
        } catch {
            throw LabReportError(format: "JSON", reason: "\(error)")
        }
    }
}

/// A report could not be produced.
public struct LabReportError: Error, Equatable, Sendable, CustomStringConvertible {
    public let format: String
    public let reason: String

    public var description: String { "cannot write the \(format) report: \(reason)" }
}
