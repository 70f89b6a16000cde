/// The report a lab files: one self-contained HTML file (inline style, no script, no external asset), with the
/// summary, the environment, an overview table and every case's reasons, checks and evidence, failures first.
///
/// Structure the tests read back from Chromium's DOM: `#summary` holds `[data-count]` spans, `#cases tbody tr`
/// and `#details article.case` follow the report order, each with `data-status` and `data-id`.
public enum HTMLReport {
    public static func render(_ run: LabRun) -> [UInt8] {
        let results = run.failuresFirst
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Custos lab report: \(escape(run.summaryLine))</title>
            <style>\(style)</style>
            </head>
            <body>
            <header>
            <h1>Custos lab report</h1>
            <p id="summary" class="\(run.failed > 0 ? "failed" : "passed")">\(count(run.passed, "passed")), \
            \(count(run.failed, "failed")), \(count(run.skipped, "skipped"))</p>
            <p class="note">Cases replayed through the same library code as <code>custos</code>; failures are listed \
            first. Started \(escape(run.environment.startedAt)).</p>
            </header>

            """
        html += environmentSection(run.environment)
        html += overview(results)
        html += "<section id=\"details\">\n<h2>Evidence</h2>\n"
        for (index, result) in results.enumerated() { html += details(result, anchor: index + 1) }
        html += "</section>\n</body>\n</html>\n"
        return Array(html.utf8)
    }

    private static func count(_ value: Int, _ name: String) -> String {
        "<span data-count=\"\(name)\">\(value)</span> \(name)"
    }

    private static func environmentSection(_ environment: LabEnvironment) -> String {
        var rows = [
            ("Custos version", environment.custosVersion), ("Operating system", environment.operatingSystem),
            ("Kernel", environment.kernel), ("Swift", environment.swift),
        ]
        rows += environment.libraries.map { ($0.name, $0.value) }
        rows += [("Vectors", environment.vectors), ("Filter", environment.filter ?? "(none: every case)")]
        return "<section id=\"environment\">\n<h2>Environment</h2>\n<table>\n"
            + rows.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>\n" }.joined()
            + "</table>\n</section>\n"
    }

    private static func overview(_ results: [CaseResult]) -> String {
        var html = """
            <section id="overview">
            <h2>Cases</h2>
            <table id="cases">
            <thead><tr><th>status</th><th>kind</th><th>case</th><th>outcome</th></tr></thead>
            <tbody>

            """
        for (index, result) in results.enumerated() {
            let outcome =
                result.status == .passed
                ? (result.checks.first { $0.name == "verdict" }.map { "verdict \($0.actual)" } ?? "passed")
                : (result.reasons.first ?? "")
            html +=
                "<tr class=\"case \(result.status.rawValue)\" data-status=\"\(result.status.rawValue)\" "
                + "data-id=\"\(escape(result.id))\"><td class=\"status\">\(label(result.status))</td>"
                + "<td>\(escape(result.kind ?? "(unknown)"))</td>"
                + "<td><a href=\"#case-\(index + 1)\">\(escape(result.id))</a></td><td>\(escape(outcome))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    private static func details(_ result: CaseResult, anchor: Int) -> String {
        var html =
            "<article id=\"case-\(anchor)\" class=\"case \(result.status.rawValue)\" "
            + "data-status=\"\(result.status.rawValue)\" data-id=\"\(escape(result.id))\">\n"
            + "<h3><span class=\"status\">\(label(result.status))</span> \(escape(result.id))</h3>\n"
            + "<p class=\"description\">\(escape(result.description ?? "(no description)"))</p>\n<dl>\n"
        let facts = [
            ("kind", result.kind ?? "(unknown)"), ("provenance", result.provenance ?? "(none given)"),
            ("case file", result.file), ("case file SHA-256", result.fileSHA256 ?? "(unreadable)"),
            ("duration", Markup.seconds(result.durationMilliseconds) + " s"),
        ]
        html += facts.map { "<dt>\(escape($0.0))</dt><dd>\(escape($0.1))</dd>\n" }.joined() + "</dl>\n"
        if !result.reasons.isEmpty {
            html += "<h4>\(result.status == .skipped ? "Skipped because" : "Reasons")</h4>\n<ul class=\"reasons\">\n"
            html += result.reasons.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        if !result.checks.isEmpty {
            html += "<h4>Checks</h4>\n<table class=\"checks\">\n"
            html += "<tr><th></th><th>check</th><th>expected</th><th>observed</th></tr>\n"
            for check in result.checks {
                html +=
                    "<tr class=\"\(check.passed ? "ok" : "bad")\"><td>\(check.passed ? "✓" : "✗")</td>"
                    + "<td>\(escape(check.name))</td><td><code>\(escape(check.expected))</code></td>"
                    + "<td><code>\(escape(check.actual))</code></td></tr>\n"
            }
            html += "</table>\n"
        }
        if !result.evidence.isEmpty {
            html += "<h4>Evidence</h4>\n<table class=\"evidence\">\n"
            html += result.evidence.map {
                "<tr><th>\(escape($0.name))</th><td><code>\(escape($0.value))</code></td></tr>\n"
            }
            .joined()
            html += "</table>\n"
        }
        return html + "</article>\n"
    }

    private static func label(_ status: CaseResult.Status) -> String {
        switch status {
        case .passed: return "PASSED"
        case .failed: return "FAILED"
        case .skipped: return "SKIPPED"
        }
    }

    private static func escape(_ text: String) -> String { Markup.escape(text) }

    private static let style = """

        body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 80em; padding: 0 1em; color: #1d1d1f; }
        h1 { margin-bottom: .2em; }
        h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
        #summary { font-size: 1.3em; font-weight: 600; padding: .4em .7em; border-radius: 4px; display: inline-block; }
        #summary.passed { background: #e3f4e6; color: #14532d; }
        #summary.failed { background: #fde2e1; color: #7f1d1d; }
        .note { color: #555; }
        table { border-collapse: collapse; width: 100%; margin: .5em 0; }
        th, td { text-align: left; vertical-align: top; padding: .25em .5em; border-bottom: 1px solid #eee; }
        th { font-weight: 600; white-space: nowrap; }
        #cases td:nth-child(1), #cases td:nth-child(2) { white-space: nowrap; }
        code { font: 12px/1.4 ui-monospace, monospace; word-break: break-all; }
        tr.case.failed td.status, article.failed .status { color: #b91c1c; font-weight: 700; }
        tr.case.skipped td.status, article.skipped .status { color: #92400e; font-weight: 700; }
        tr.case.passed td.status, article.passed .status { color: #15803d; font-weight: 700; }
        article.case { border: 1px solid #ddd; border-left: 6px solid #15803d; border-radius: 4px; padding: .2em 1em;
            margin: 1em 0; }
        article.case.failed { border-left-color: #b91c1c; background: #fffafa; }
        article.case.skipped { border-left-color: #d97706; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; }
        dt { font-weight: 600; }
        dd { margin: 0; word-break: break-all; }
        tr.bad td { background: #fde2e1; }
        ul.reasons li { color: #7f1d1d; }

        """
}
