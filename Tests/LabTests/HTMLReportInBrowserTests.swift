import CustosTestSupport
import Foundation
import Lab
import Testing

/// The HTML report as headless Chromium renders it (Debian `chromium`, installed by `make deps`): the DOM Chromium
/// built, not our own string, is what the assertions read.
@Suite("HTML report in headless Chromium")
struct HTMLReportInBrowserTests {
    static let chromium = URL(fileURLWithPath: "/usr/bin/chromium")

    static func chromiumRun(_ arguments: [String], profile: URL) throws -> CustosBinary.Outcome {
        try CustosBinary.run(
            ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)"] + arguments,
            executable: chromium)
    }

    @Test func theRenderedDOMListsFailuresFirstWithTheSummaryCountsAndNothingExternal() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.chromium.path) else {
            Issue.record("chromium is not installed: `make deps` installs it (Debian package chromium)")
            return
        }
        let folder = try BrokenCaseTests.brokenSuite()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A case whose text tries to become markup: it must stay text in the browser.
        try LabFixtures.copy(BrokenCaseTests.firmwareCase, to: folder, as: "hostile.case.json") { object in
            object["id"] = "broken/hostile"
            object["description"] = "<script>document.title='owned'</script></table><img src=\"http://example.com/x\">"
            object["kind"] = "manifest-update"
        }
        let run = try await LabFixtures.run(folder)
        let report = folder.appendingPathComponent("report.html")
        try Data(HTMLReport.render(run)).write(to: report)

        let profile = folder.appendingPathComponent("chromium-profile")
        let dump = try Self.chromiumRun(["--dump-dom", report.absoluteString], profile: profile)
        #expect(dump.status == 0, "\(dump.standardError)")
        let dom = folder.appendingPathComponent("dom.html")
        try Data(dump.standardOutput.utf8).write(to: dom)
        let oracle = try PythonOracle.run(script: "Tests/LabTests/Oracles/report_dom.py", [dom.path])
        #expect(oracle.status == 0, "\(oracle.standardError)")
        let page = try #require(
            try JSONSerialization.jsonObject(with: Data(oracle.standardOutput.utf8)) as? [String: Any])

        #expect(page["counts"] as? [String: Int] == ["passed": 3, "failed": 13, "skipped": 1])
        let rows = try #require(page["rows"] as? [[String: String]])
        let articles = try #require(page["articles"] as? [[String: String]])
        #expect(rows.count == 17 && articles.count == 17)
        let order = run.failuresFirst.map(\.id)
        #expect(rows.compactMap { $0["id"] } == order)
        #expect(articles.compactMap { $0["id"] } == order)
        let statuses = rows.compactMap { $0["status"] }
        #expect(statuses == Array(repeating: "failed", count: 13) + ["skipped"] + Array(repeating: "passed", count: 3))
        #expect(page["scripts"] as? Int == 0)
        #expect((page["external"] as? [String])?.isEmpty == true, "\(page["external"] ?? "")")
        let hostile = try #require(articles.first { $0["id"] == "broken/hostile" })
        #expect(hostile["text"]?.contains("<script>document.title='owned'</script>") == true)
        #expect(
            hostile["text"]?.contains("unknown fields input.image, input.image_sha256 (manifest-update knows") == true)
        let environment = try #require(page["environment"] as? [String: String])
        #expect(environment["Custos version"] == "test")
        #expect(environment["libusb"]?.isEmpty == false && environment["OpenSSL"]?.contains("OpenSSL") == true)
        // Evidence made it into the rendered page: the match case's device hash.
        let match = try #require(articles.first { $0["id"] == "usb/trezor/attest-t1-synthetic-match" })
        #expect(match["text"]?.contains("a31e65a05202f69b57786f210e77f77ae9c391a24aa8177b3f5bcefc37f5b335") == true)

        let screenshot = folder.appendingPathComponent("report.png")
        let shot = try Self.chromiumRun(
            ["--screenshot=\(screenshot.path)", "--window-size=1280,1600", report.absoluteString], profile: profile)
        #expect(shot.status == 0, "\(shot.standardError)")
        let png = try Data(contentsOf: screenshot)
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // IHDR: width and height, big-endian, at bytes 16 and 20.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1280 && height == 1600)
        // A blank page compresses to a few KiB; the report's text and tables do not.
        #expect(png.count > 50_000, "screenshot of \(png.count) bytes looks blank")
    }
}
