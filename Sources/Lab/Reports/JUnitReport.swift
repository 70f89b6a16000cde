/// JUnit XML for CI systems: one `<testsuite>` per case kind, one `<testcase>` per case. Unmet expectations are
/// `<failure>`s, cases that could not be run as written are `<error>`s, skipped cases `<skipped>`; the evidence is in
/// each case's `<system-out>`, the environment in each suite's `<properties>`.
public enum JUnitReport {
    public static func render(_ run: LabRun) -> [UInt8] {
        let results = run.failuresFirst
        var kinds: [String] = []
        for result in results where !kinds.contains(result.kind ?? "(unknown)") {
            kinds.append(result.kind ?? "(unknown)")
        }
        let errors = results.count { $0.failureClass == .caseFile }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml +=
            "<testsuites name=\"custos lab run\" tests=\"\(results.count)\" failures=\"\(run.failed - errors)\" "
            + "errors=\"\(errors)\" skipped=\"\(run.skipped)\" time=\"\(seconds(results))\">\n"
        for kind in kinds {
            let cases = results.filter { ($0.kind ?? "(unknown)") == kind }
            let caseErrors = cases.count { $0.failureClass == .caseFile }
            let failures = cases.count { $0.status == .failed } - caseErrors
            xml +=
                "  <testsuite name=\(attribute(kind)) tests=\"\(cases.count)\" failures=\"\(failures)\" "
                + "errors=\"\(caseErrors)\" skipped=\"\(cases.count { $0.status == .skipped })\" "
                + "time=\"\(seconds(cases))\" timestamp=\(attribute(run.environment.startedAt))>\n"
            xml += properties(run.environment)
            for result in cases { xml += testCase(result, kind: kind) }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return Array(xml.utf8)
    }

    private static func testCase(_ result: CaseResult, kind: String) -> String {
        var xml =
            "    <testcase name=\(attribute(result.id)) classname=\(attribute("lab." + kind)) "
            + "file=\(attribute(result.file)) time=\"\(Markup.seconds(result.durationMilliseconds))\">\n"
        let message = attribute(result.reasons.first ?? "")
        switch (result.status, result.failureClass) {
        case (.failed, .caseFile?):
            xml += "      <error type=\"case-file\" message=\(message)>\(body(result))</error>\n"
        case (.failed, _):
            xml += "      <failure type=\"expectation\" message=\(message)>\(body(result))</failure>\n"
        case (.skipped, _):
            xml += "      <skipped message=\(message)/>\n"
        case (.passed, _):
            break
        }
        let lines =
            ["description: \(result.description ?? "")", "provenance: \(result.provenance ?? "")"]
            + ["case file SHA-256: \(result.fileSHA256 ?? "(unreadable)")"]
            + result.evidence.map { "\($0.name): \($0.value)" }
        xml += "      <system-out>\(Markup.escape(lines.joined(separator: "\n")))</system-out>\n"
        return xml + "    </testcase>\n"
    }

    private static func body(_ result: CaseResult) -> String {
        let checks = result.checks.map { check in
            "\(check.passed ? "ok  " : "FAIL") \(check.name): expected \(check.expected), got \(check.actual)"
        }
        return Markup.escape((result.reasons + [""] + checks).joined(separator: "\n"))
    }

    private static func properties(_ environment: LabEnvironment) -> String {
        var pairs = [
            ("custos.version", environment.custosVersion), ("os", environment.operatingSystem),
            ("kernel", environment.kernel), ("swift", environment.swift), ("vectors", environment.vectors),
        ]
        pairs += environment.libraries.map { ("library.\($0.name)", $0.value) }
        if let filter = environment.filter { pairs.append(("filter", filter)) }
        return "    <properties>\n"
            + pairs.map { "      <property name=\(attribute($0.0)) value=\(attribute($0.1))/>\n" }.joined()
            + "    </properties>\n"
    }

    private static func attribute(_ text: String) -> String { "\"" + Markup.escape(text) + "\"" }

    private static func seconds(_ results: [CaseResult]) -> String {
        Markup.seconds(results.reduce(0) { $0 + $1.durationMilliseconds })
    }
}
