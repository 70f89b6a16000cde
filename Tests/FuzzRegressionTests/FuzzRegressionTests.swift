import CustosTestSupport
import Foundation
import Testing

@testable import FuzzTargets

/// Replays, in every `swift test`, what the fuzzers found and what they start from: each file under
/// `Tests/FuzzRegressions/<target>/` (minimised crashers and other inputs worth keeping) and each seed of the corpus
/// `scripts/fuzz/make-corpus.py` writes, through the same bodies libFuzzer runs.
@Suite("Fuzz regressions and seed corpora")
struct FuzzRegressionTests {
    static let targetNames = FuzzCatalog.targets.map(\.name)
    static let regressions = PackagePaths.root.appendingPathComponent("Tests/FuzzRegressions")

    @Test(arguments: targetNames)
    func regressionInputsHoldEveryInvariant(target name: String) throws {
        let target = try #require(FuzzCatalog.target(named: name))
        let inputs = try Self.files(in: Self.regressions.appendingPathComponent(name))
        let failures = Self.run(target, on: inputs)
        for failure in failures { Issue.record("\(failure)") }
        reportVectorCount("fuzz regressions \(name)", passed: inputs.count - failures.count, total: inputs.count)
    }

    @Test(arguments: targetNames)
    func seedCorpusHoldsEveryInvariant(target name: String) throws {
        let target = try #require(FuzzCatalog.target(named: name))
        let folder = try SeedCorpus.shared.get().appendingPathComponent(name)
        let inputs = try Self.files(in: folder)
        #expect(!inputs.isEmpty, "make-corpus.py wrote no seeds for \(name)")
        let failures = Self.run(target, on: inputs)
        for failure in failures { Issue.record("\(failure)") }
        reportVectorCount("fuzz seeds \(name)", passed: inputs.count - failures.count, total: inputs.count)
    }

    @Test func everyRegressionFolderNamesATarget() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.regressions.path)
        for folder in folders where !folder.hasPrefix(".") {
            #expect(Self.targetNames.contains(folder), "Tests/FuzzRegressions/\(folder) is no fuzz target")
        }
    }

    /// Each fuzz executable's one-line main.swift runs the body the catalog lists under its folder's name, and
    /// each catalog entry has an executable.
    @Test func fuzzExecutablesMatchTheCatalog() throws {
        let sources = PackagePaths.root.appendingPathComponent("Fuzz/Sources")
        let folders = try FileManager.default.contentsOfDirectory(atPath: sources.path)
            .filter { $0 != "FuzzDriver" && !$0.hasPrefix(".") }.sorted()
        #expect(folders == Self.targetNames.sorted())
        let catalog = try String(
            contentsOf: PackagePaths.root.appendingPathComponent("Sources/FuzzTargets/FuzzCatalog.swift"),
            encoding: .utf8
        ).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "  ", with: "")
        for folder in folders {
            let main = try String(
                contentsOf: sources.appendingPathComponent("\(folder)/main.swift"), encoding: .utf8)
            let body = try #require(
                main.firstMatch(of: /FuzzDriver\.run\((\w+\.\w+)\)/)?.output.1, "\(folder)/main.swift runs no body")
            let entry = try #require(
                catalog.firstMatch(
                    of: try Regex(
                        "FuzzTarget\\(\\s*\"\(folder)\",(?:(?!FuzzTarget\\().)*?(\\w+FuzzTargets\\.\\w+)\\s*\\)")),
                "no catalog entry \(folder)")
            #expect(entry.output[1].substring.map(String.init) == String(body), "\(folder) runs \(body)")
        }
    }

    @Test func makeCorpusKnowsEveryTarget() throws {
        let outcome = try PythonOracle.run(script: "scripts/fuzz/make-corpus.py", [])
        #expect(outcome.status != 0)
        let corpus = try SeedCorpus.shared.get()
        let folders = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
        #expect(folders == Self.targetNames.sorted())
    }

    /// The fingerprints the firmware-verify target accepts a valid signature for are those of the test images
    /// whose signature the generator's manifest says verifies.
    @Test func signedFingerprintsAreTheManifests() throws {
        struct Manifest: Decodable {
            struct Image: Decodable {
                let file: String
                let signature: String?
                let fingerprint: String?
            }
            let images: [Image]
        }
        let manifest = try JSONDecoder().decode(
            Manifest.self,
            from: Data(contentsOf: PackagePaths.root.appendingPathComponent("Firmware/test-images/manifest.json")))
        let signed = Set(
            manifest.images.filter { $0.signature != nil && $0.signature != "invalid" }.compactMap(\.fingerprint))
        #expect(signed == SignedTestImages.fingerprints)
        reportVectorCount("signed test-image fingerprints", passed: signed.count, total: manifest.images.count)
    }

    // MARK: - Helpers

    static func files(in folder: URL) throws -> [URL] {
        // Resolved first: a corpus folder may be a link to a fuzzing run's folder, which Foundation would not list.
        let folder = folder.resolvingSymlinksInPath()
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Runs every input; returns one line per input that breaks an invariant.
    static func run(_ target: FuzzTarget, on inputs: [URL]) -> [String] {
        inputs.compactMap { url in
            guard let data = FileManager.default.contents(atPath: url.path) else { return "cannot read \(url.path)" }
            do {
                try target.body(Array(data))
                return nil
            } catch {
                return "\(target.name) \(url.lastPathComponent): \(error)"
            }
        }
    }
}

/// The seed corpus, written once per test run into a temporary folder by scripts/fuzz/make-corpus.py.
enum SeedCorpus {
    static let shared: Result<URL, any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "custos-fuzz-seeds-\(UUID().uuidString)")
        let outcome = try PythonOracle.run(script: "scripts/fuzz/make-corpus.py", [folder.path])
        guard outcome.status == 0 else { throw TestDataError("make-corpus.py failed: \(outcome.standardError)") }
        return folder
    }
}
