internal import CustosSupport

/// Runs a suite's cases one after the other through the engines' library code, and reports each as it finishes.
///
/// A case that cannot be run (malformed file, unknown field, missing input, unsupported kind, duplicate id) fails
/// with its reason and the run goes on; nothing is silently passed or dropped.
public struct LabRunner: Sendable {
    public var filter: CaseFilter?

    public init(filter: CaseFilter? = nil) {
        self.filter = filter
    }

    /// One finished case, for live progress: its position among the selected cases and its result.
    public struct Progress: Sendable {
        public let position: Int
        public let total: Int
        public let result: CaseResult
    }

    public func run(
        _ suite: LabSuite, environment: LabEnvironment, progress: @Sendable (Progress) -> Void = { _ in }
    ) async -> LabRun {
        let selected = load(suite)
        var results: [CaseResult] = []
        for (index, loaded) in selected.enumerated() {
            let result: CaseResult
            switch loaded {
            case .broken(let failed): result = failed
            case .ready(let document): result = await Self.execute(document)
            }
            results.append(result)
            progress(Progress(position: index + 1, total: selected.count, result: result))
        }
        return LabRun(environment: environment, results: results)
    }

    private enum Loaded {
        case ready(CaseDocument)
        case broken(CaseResult)
    }

    /// Reads every case file, refuses duplicate ids and applies the filter (to the path of a file too broken to
    /// name its id).
    private func load(_ suite: LabSuite) -> [Loaded] {
        var firstFileOfID: [String: String] = [:]
        var loaded: [Loaded] = []
        for file in suite.caseFiles {
            switch CaseDocument.load(file, root: suite.root) {
            case .failure(let broken):
                guard filter?.matches(id: broken.id ?? file, kind: broken.kind) ?? true else { continue }
                loaded.append(.broken(Self.failed(broken)))
            case .success(let document):
                let header = document.header
                guard filter?.matches(id: header.id, kind: header.kind) ?? true else { continue }
                if let first = firstFileOfID[header.id] {
                    let broken = CaseDocument.Broken(
                        file: file, sha256: document.sha256, id: header.id, kind: header.kind,
                        description: header.description, provenance: header.provenance,
                        error: .duplicateID(header.id, firstFile: first))
                    loaded.append(.broken(Self.failed(broken)))
                    continue
                }
                firstFileOfID[header.id] = file
                loaded.append(.ready(document))
            }
        }
        return loaded
    }

    private static func failed(_ broken: CaseDocument.Broken) -> CaseResult {
        CaseResult(
            id: broken.id ?? broken.file, kind: broken.kind, description: broken.description,
            provenance: broken.provenance, file: broken.file, fileSHA256: broken.sha256, status: .failed,
            failureClass: .caseFile, reasons: [broken.error.description], problems: [broken.error.problem])
    }

    static func execute(_ document: CaseDocument) async -> CaseResult {
        let header = document.header
        var result = CaseResult(
            id: header.id, kind: header.kind, description: header.description, provenance: header.provenance,
            file: document.file, fileSHA256: document.sha256, status: .passed)
        if let reason = header.skip {
            result.status = .skipped
            result.reasons = [reason]
            return result
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let kind = try CaseKinds.named(header.kind)
            let outcome = try await kind.execute(document, context: CaseContext(caseFolder: document.folder))
            result.checks = outcome.checks
            result.evidence = outcome.evidence
            result.reasons = outcome.failures
            if !outcome.failures.isEmpty {
                result.status = .failed
                result.failureClass = .expectation
                result.problems = outcome.failures.map { Problem(code: CaseResult.Codes.expectation, message: $0) }
            }
        } catch {
            result.status = .failed
            result.failureClass = .caseFile
            result.reasons = [error.description]
            result.problems = [error.problem]
        }
        let elapsed = clock.now - start
        result.durationMilliseconds =
            Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return result
    }
}
