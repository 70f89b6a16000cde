internal import Lab

/// The lab run's terminal output: one progress line per case, and the summary table.
enum LabSummary {
    static func progressLine(_ progress: LabRunner.Progress) -> String {
        let result = progress.result
        let width = String(progress.total).count
        let position = String(repeating: " ", count: width - String(progress.position).count) + "\(progress.position)"
        var line = "[\(position)/\(progress.total)] \(status(result.status)) \(result.id)"
        if result.status != .passed, let reason = result.reasons.first { line += ": " + reason }
        return line
    }

    /// Counts per kind, every failed case with its reasons, then `N passed, M failed, K skipped`.
    static func table(_ run: LabRun) -> String {
        let rows = run.countsByKind.map { ($0.kind, $0.passed, $0.failed, $0.skipped) }
        let total = ("total", run.passed, run.failed, run.skipped)
        let kindWidth = max(28, (rows.map { $0.0.count }.max() ?? 0) + 2)
        func row(_ cells: (String, Int, Int, Int)) -> String {
            pad(cells.0, kindWidth) + [cells.1, cells.2, cells.3].map { leftPad(String($0), 9) }.joined() + "\n"
        }
        var text = pad("kind", kindWidth) + ["passed", "failed", "skipped"].map { leftPad($0, 9) }.joined() + "\n"
        text += rows.map(row).joined() + row(total)
        let failed = run.failuresFirst.filter { $0.status == .failed }
        if !failed.isEmpty {
            text += "\nFailed cases:\n"
            for result in failed {
                text += "  \(result.id) (\(result.file))\n"
                text += result.reasons.map { "    - \($0)\n" }.joined()
            }
        }
        return text + "\n" + run.summaryLine + "\n"
    }

    private static func status(_ status: CaseResult.Status) -> String {
        switch status {
        case .passed: return "PASS"
        case .failed: return "FAIL"
        case .skipped: return "SKIP"
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func leftPad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
