/// A whole run: where it ran and every case's result, in run order. Reports list failures first.
public struct LabRun: Sendable, Codable, Equatable {
    public var environment: LabEnvironment
    /// In the order the cases ran (suite path order).
    public var results: [CaseResult]

    public init(environment: LabEnvironment, results: [CaseResult]) {
        self.environment = environment
        self.results = results
    }

    public var passed: Int { results.count { $0.status == .passed } }
    public var failed: Int { results.count { $0.status == .failed } }
    public var skipped: Int { results.count { $0.status == .skipped } }

    /// The line every output ends with.
    public var summaryLine: String { "\(passed) passed, \(failed) failed, \(skipped) skipped" }

    /// Failed cases first, then skipped, then passed; run order within each group.
    public var failuresFirst: [CaseResult] {
        results.filter { $0.status == .failed } + results.filter { $0.status == .skipped }
            + results.filter { $0.status == .passed }
    }

    /// Counts per kind, in the order kinds first appear (cases too broken to name a kind under "(unknown)").
    public var countsByKind: [(kind: String, passed: Int, failed: Int, skipped: Int)] {
        var order: [String] = []
        var counts: [String: (Int, Int, Int)] = [:]
        for result in results {
            let kind = result.kind ?? "(unknown)"
            if counts[kind] == nil { order.append(kind) }
            var count = counts[kind] ?? (0, 0, 0)
            switch result.status {
            case .passed: count.0 += 1
            case .failed: count.1 += 1
            case .skipped: count.2 += 1
            }
            counts[kind] = count
        }
        return order.map { kind in
            let count = counts[kind] ?? (0, 0, 0)
            return (kind, count.0, count.1, count.2)
        }
    }
}
