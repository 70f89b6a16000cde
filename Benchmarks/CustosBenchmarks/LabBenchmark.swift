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
        // Per kind, for the kinds whose cases do the most work each (signature checks, a TUF update in a scratch store).
        var perKind: [(kind: String, cases: Int, seconds: Double)] = []
        for kind in ["psbt-role", "manifest-update"] {
            let runner = LabRunner(filter: CaseFilter(kind))
            let box = RunBox()
            let seconds = Measure.blockingBest { await box.set(await runner.run(bundled, environment: environment)) }
            perKind.append((kind, box.blockingGet().results.count, seconds))
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
        for (kind, cases, seconds) in perKind {
            print(
                "| bundled `\(kind)` cases | \(cases) | \(Measure.format(seconds * 1000)) | "
                    + "\(Measure.format(Double(cases) / seconds, decimals: 0)) | - |")
        }
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

    /// Copies of the bundled cases under /tmp with unique ids. Each copy mirrors the suite's folders: the case files
    /// are real files, every other entry a symbolic link to the original, so the relative references of every kind
    /// resolve as in the bundled suite (`Firmware/` beside the copies links to the repository's).
    private static func scaledSuite(from bundled: LabSuite) -> LabSuite? {
        let manager = FileManager.default
        let root = "/tmp/custos-lab-bench-\(getpid())"
        let repository = String(bundled.root.dropLast("/Vectors".count))
        guard (try? manager.createDirectory(atPath: root, withIntermediateDirectories: true)) != nil,
            (try? manager.createSymbolicLink(atPath: root + "/Firmware", withDestinationPath: repository + "/Firmware"))
                != nil
        else { return nil }
        // Every folder holding a case, with its ancestors: these are real folders in a copy.
        var folders: Set<String> = [""]
        for file in bundled.caseFiles {
            var parts = file.split(separator: "/").dropLast()
            while !parts.isEmpty {
                folders.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        var files: [String] = []
        for copy in 0..<copies {
            for folder in folders.sorted() {
                let source = bundled.root + (folder.isEmpty ? "" : "/" + folder)
                let target = root + "/copy-\(copy)" + (folder.isEmpty ? "" : "/" + folder)
                guard (try? manager.createDirectory(atPath: target, withIntermediateDirectories: true)) != nil,
                    let entries = try? manager.contentsOfDirectory(atPath: source)
                else { return nil }
                for entry in entries {
                    let relative = folder.isEmpty ? entry : folder + "/" + entry
                    if folders.contains(relative) { continue }
                    if entry.hasSuffix(LabSuite.caseFileSuffix) {
                        guard let data = manager.contents(atPath: source + "/" + entry) else { return nil }
                        let text = String(decoding: data, as: UTF8.self)
                        // The two cases that wait for a deliberate device timeout would dominate the figure.
                        if text.contains("\"timeout_ms\"") { continue }
                        let contents = text.replacing("\"id\": \"", with: "\"id\": \"copy-\(copy)/")
                        guard manager.createFile(atPath: target + "/" + entry, contents: Data(contents.utf8)) else {
                            return nil
                        }
                        files.append("copy-\(copy)/" + relative)
                    } else {
                        guard
                            (try? manager.createSymbolicLink(
                                atPath: target + "/" + entry, withDestinationPath: source + "/" + entry)) != nil
                        else { return nil }
                    }
                }
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
