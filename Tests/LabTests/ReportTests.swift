import CustosTestSupport
import Foundation
import Lab
import Testing

/// The JSON and JUnit reports of a run with every status, read back by independent parsers (JSONSerialization;
/// junitparser, as CI systems read JUnit).
@Suite("JSON and JUnit reports")
struct ReportTests {
    static func mixedRun() async throws -> (LabRun, URL) {
        let folder = try BrokenCaseTests.brokenSuite()
        return (try await LabFixtures.run(folder), folder)
    }

    @Test func theJSONReportHoldsTheSummaryEnvironmentAndEveryCaseFailuresFirst() async throws {
        let (run, folder) = try await Self.mixedRun()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = try JSONReport.render(run)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(document["format"] as? String == "custos-lab-report" && document["version"] as? Int == 1)
        let summary = try #require(document["summary"] as? [String: Any])
        #expect(summary["passed"] as? Int == 3 && summary["failed"] as? Int == 12 && summary["skipped"] as? Int == 1)
        #expect(summary["line"] as? String == "3 passed, 12 failed, 1 skipped")
        let environment = try #require(document["environment"] as? [String: Any])
        #expect(environment["custos_version"] as? String == "test")
        let libraries = (environment["libraries"] as? [[String: String]] ?? []).compactMap { $0["name"] }
        #expect(Set(["OpenSSL", "libsodium", "libusb"]).isSubset(of: libraries))
        let cases = try #require(document["cases"] as? [[String: Any]])
        #expect(cases.count == 16)
        let statuses = cases.compactMap { $0["status"] as? String }
        #expect(statuses == Array(repeating: "failed", count: 12) + ["skipped"] + Array(repeating: "passed", count: 3))
        #expect(cases.compactMap { $0["id"] as? String } == run.failuresFirst.map(\.id))
        let good = try #require(cases.first { $0["id"] as? String == "usb/trezor/attest-t1-synthetic-match" })
        let evidence = (good["evidence"] as? [[String: String]] ?? []).reduce(into: [String: String]()) {
            $0[$1["name"] ?? ""] = $1["value"]
        }
        #expect(evidence["device hash"] == "a31e65a05202f69b57786f210e77f77ae9c391a24aa8177b3f5bcefc37f5b335")
        #expect((good["file_sha256"] as? String)?.count == 64)
        let typo = try #require(cases.first { $0["id"] as? String == "broken/typo" })
        #expect(typo["failure_class"] as? String == "case-file")
        // Every failed case lists its reasons as coded problems; passed and skipped ones list none.
        for entry in cases {
            let problems = entry["problems"] as? [[String: String]] ?? []
            #expect((entry["status"] as? String == "failed") == !problems.isEmpty, "\(entry["id"] ?? "")")
            #expect(problems.allSatisfy { $0["code"]?.hasPrefix("lab.") == true && $0["message"] != nil })
        }
        #expect((typo["problems"] as? [[String: String]])?.first?["code"] == "lab.case.field")
    }

    @Test func junitparserReadsTheJUnitReportAsTheRunCountedIt() async throws {
        let (run, folder) = try await Self.mixedRun()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("junit.xml")
        try Data(JUnitReport.render(run)).write(to: file)
        let oracle = try PythonOracle.run(script: "Tests/LabTests/Oracles/junit_summary.py", [file.path])
        #expect(oracle.status == 0, "\(oracle.standardError)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(oracle.standardOutput.utf8)) as? [String: Any])
        let suites = try #require(document["suites"] as? [[String: Any]])
        let cases = try #require(document["cases"] as? [[String: Any]])
        #expect(cases.count == run.results.count)
        func total(_ key: String) -> Int { suites.reduce(0) { $0 + ($1[key] as? Int ?? 0) } }
        let caseFileFailures = run.results.count { $0.failureClass == .caseFile }
        #expect(total("tests") == 16)
        #expect(total("errors") == caseFileFailures)
        #expect(total("failures") == run.failed - caseFileFailures)
        #expect(total("skipped") == 1)
        // Two results share an id (the duplicate): compare the (id, outcome) pairs as multisets.
        var expected: [String] = []
        for result in run.results {
            switch (result.status, result.failureClass) {
            case (.passed, _): expected.append("\(result.id) passed")
            case (.skipped, _): expected.append("\(result.id) skipped")
            case (.failed, .caseFile?): expected.append("\(result.id) error")
            case (.failed, _): expected.append("\(result.id) failure")
            }
        }
        let read = cases.map { "\($0["name"] as? String ?? "") \($0["outcome"] as? String ?? "")" }
        #expect(read.sorted() == expected.sorted())
        let messages = Set(cases.compactMap { $0["message"] as? String })
        for result in run.results where result.status != .passed {
            #expect(messages.contains(result.reasons.first ?? ""), "\(result.id)")
        }
        let properties = try #require(suites.first?["properties"] as? [String: String])
        #expect(properties["custos.version"] == "test" && properties["library.libusb"]?.isEmpty == false)
        let firmware = try #require(
            cases.first {
                $0["name"] as? String == "firmware/trezor/T3T1-firmware-unsafe-vendor"
                    && $0["outcome"] as? String == "passed"
            })
        #expect((firmware["system_out"] as? String)?.contains("fingerprint: 783cdcd5") == true)
        #expect(firmware["classname"] as? String == "lab.firmware-verify")
    }

    /// Text from cases and devices can hold anything: the markup stays well-formed.
    @Test func markupEscapesEverythingAndDropsWhatXMLForbids() {
        let run = LabRun(
            environment: LabEnvironment.current(custosVersion: "t", vectors: "/v", filter: nil),
            results: [
                CaseResult(
                    id: "x", kind: "k", description: "<b>&\"'\u{1}\u{FFFE}", provenance: "p", file: "f",
                    fileSHA256: nil, status: .failed, failureClass: .expectation, reasons: ["a < b"])
            ])
        let xml = String(decoding: JUnitReport.render(run), as: UTF8.self)
        #expect(xml.contains("&lt;b&gt;&amp;&quot;&#39;\u{FFFD}\u{FFFD}"))
        #expect(xml.contains("message=\"a &lt; b\""))
        let html = String(decoding: HTMLReport.render(run), as: UTF8.self)
        #expect(html.contains("&lt;b&gt;&amp;&quot;&#39;") && !html.contains("<b>&"))
    }
}
