internal import FoundationEssentials
internal import Glibc
internal import Lab

/// `custos-bench lab`: the bundled suite as `custos lab run` runs it, a 20-fold copy of it (without the cases that
/// wait for a deliberate timeout) for the per-case cost, and the three reports of that large run. Target: `make
/// demo`'s lab run well under 60 s on 2 cores; a lab suite of thousands of cases in seconds.
enum LabBenchmark {
    static let copies = 20

    static func run() {
        guard let bundled = try? LabSuite.discover(at: "Vectors") else {
            print("lab: run from the repository root (Vectors/ not found)")
            return
        }
        let environment = LabEnvironment.current(custosVersion: "bench", vectors: bundled.root, filter: nil)
        let bundledSeconds = Measure.blockingBest {
            blackHole(await LabRunner().run(bundled, environment: environment))
        }
        guard let scaled = scaledSuite(from: bundled) else {
            print("lab: cannot write the scaled suite in /tmp")
            return
        }
        defer { try? FileManager.default.removeItem(atPath: scaled.root) }
        let box = RunBox()
        let scaledSeconds = Measure.blockingBest {
            await box.set(await LabRunner().run(scaled, environment: environment))
        }
        let run = box.blockingGet()
        var html: [UInt8] = []
        let htmlSeconds = Measure.best { html = HTMLReport.render(run) }
        var junit: [UInt8] = []
        let junitSeconds = Measure.best { junit = JUnitReport.render(run) }
        var json: [UInt8] = []
        let jsonSeconds = Measure.best { json = (try? JSONReport.render(run)) ?? [] }

        print("| lab operation | cases | ms | cases/s | output |")
        print("|---|---:|---:|---:|---:|")
        print(
            "| bundled suite (`Vectors/`, incl. 2 deliberate 200 ms timeouts) | \(bundled.caseFiles.count) | "
                + "\(Measure.format(bundledSeconds * 1000)) | - | - |")
        print(
            "| \(copies)× bundled suite without the timeout cases (\(run.passed) passed, \(run.failed) failed) | "
                + "\(run.results.count) | \(Measure.format(scaledSeconds * 1000)) | "
                + "\(Measure.format(Double(run.results.count) / scaledSeconds, decimals: 0)) | - |")
        for (name, seconds, bytes) in [
            ("HTML report", htmlSeconds, html.count), ("JUnit XML report", junitSeconds, junit.count),
            ("JSON report", jsonSeconds, json.count),
        ] {
            print(
                "| \(name) of that run | \(run.results.count) | \(Measure.format(seconds * 1000)) | - | "
                    + "\(Measure.format(Double(bytes) / 1_048_576, decimals: 2)) MiB |")
        }
    }

    /// Copies of the bundled cases under /tmp with unique ids and absolute input paths.
    private static func scaledSuite(from bundled: LabSuite) -> LabSuite? {
        let manager = FileManager.default
        let root = "/tmp/custos-lab-bench-\(getpid())"
        let repository = String(bundled.root.dropLast("/Vectors".count))
        var files: [String] = []
        for file in bundled.caseFiles {
            guard let data = manager.contents(atPath: bundled.root + "/" + file) else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            if text.contains("\"timeout_ms\"") { continue }
            let folder = bundled.root + "/" + file.split(separator: "/").dropLast().joined(separator: "/")
            let absolute =
                text
                .replacing("\"../../../Firmware/", with: "\"\(repository)/Firmware/")
                .replacing("\"../trezor/", with: "\"\(folder)/../trezor/")
                .replacing("\"../images/", with: "\"\(folder)/../images/")
            for copy in 0..<copies {
                let path = "copy-\(copy)/" + file
                let contents = absolute.replacing("\"id\": \"", with: "\"id\": \"copy-\(copy)/")
                let target = root + "/" + path
                let parent = String(target[..<(target.lastIndex(of: "/") ?? target.endIndex)])
                guard (try? manager.createDirectory(atPath: parent, withIntermediateDirectories: true)) != nil,
                    manager.createFile(atPath: target, contents: Data(contents.utf8))
                else { return nil }
                files.append(path)
            }
        }
        return LabSuite(root: root, caseFiles: files.sorted())
    }
}

/// Carries the large run out of the timed task. `@unchecked Sendable`: written once by the task, read after the
/// semaphore the task posts, so the two never overlap.
private final class RunBox: @unchecked Sendable {
    private var run: LabRun?
    func set(_ value: LabRun) async { run = value }
    func blockingGet() -> LabRun {
        run ?? LabRun(environment: LabEnvironment.current(custosVersion: "", vectors: "", filter: nil), results: [])
    }
}
