import CustosTestSupport
import Foundation
import Testing

/// The `psbt-role` cases and their files under Vectors/psbt (all but demo/, which Tests/PSBTTests/DemoFilesTests
/// owns) are reproducible: regenerated here, they must equal the committed files byte for byte. After a deliberate
/// change, rewrite them with `CUSTOS_REGENERATE_LAB_PSBT=1 swift test --filter PSBTCaseFilesTests`.
@Suite("PSBT lab case files")
struct PSBTCaseFilesTests {
    static let vectors = PackagePaths.root.appendingPathComponent("Vectors")

    @Test func committedFilesEqualTheirGenerator() throws {
        let files = try PSBTCaseGenerator.generate().files
        if ProcessInfo.processInfo.environment["CUSTOS_REGENERATE_LAB_PSBT"] == "1" {
            for (path, contents) in files {
                let url = Self.vectors.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(contents).write(to: url)
            }
        }
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) {
            let committed = try? Data(contentsOf: Self.vectors.appendingPathComponent(path))
            #expect(committed.map(Array.init) == contents, "Vectors/\(path) differs from its generator")
        }
        // Nothing committed that the generator no longer writes (a stale case would still run).
        let generated = Set(files.keys)
        for folder in ["psbt/cases", "psbt/broken"] {
            let names = try FileManager.default.contentsOfDirectory(
                atPath: Self.vectors.appendingPathComponent(folder).path)
            for name in names where !generated.contains("\(folder)/\(name)") {
                Issue.record("Vectors/\(folder)/\(name) is not written by the generator")
            }
        }
        reportVectorCount("Vectors/psbt generated files", passed: files.count, total: files.count)
    }
}
