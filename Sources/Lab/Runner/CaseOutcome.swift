/// What a kind hands back after running a case: its checks (expectation vs observation) and its evidence. The
/// case passes when every check passes.
struct CaseOutcome: Sendable {
    var checks: [CaseCheck] = []
    var evidence: [CaseEvidence] = []

    mutating func record(_ name: String, _ value: String) {
        evidence.append(CaseEvidence(name, value))
    }

    /// Checks `actual` against an expectation that is required (`verdict`).
    mutating func check(_ name: String, expected: String, actual: String) {
        checks.append(CaseCheck(name: name, expected: expected, actual: actual, passed: expected == actual))
    }

    /// Checks an optional expectation: absent from the case file means not checked.
    mutating func check(_ name: String, expected: String?, actual: String?) {
        guard let expected else { return }
        check(name, expected: expected, actual: actual ?? "(none)")
    }

    /// Every expected word must occur (case-insensitively) in one of `problems`.
    mutating func checkProblems(_ expected: [String]?, in problems: [String]) {
        guard let expected else { return }
        let text = problems.joined(separator: " | ")
        for word in expected {
            checks.append(
                CaseCheck(
                    name: "problems contain", expected: word, actual: problems.isEmpty ? "(no problems)" : text,
                    passed: text.lowercased().contains(word.lowercased())))
        }
    }

    /// Failure reasons, one per failed check.
    var failures: [String] {
        checks.filter { !$0.passed }.map { check in
            check.name == "problems contain"
                ? "expected a problem mentioning '\(check.expected)'; the problems were: \(check.actual)"
                : "expected \(check.name) \(check.expected), got \(check.actual)"
        }
    }
}
