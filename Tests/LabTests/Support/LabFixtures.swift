import CustosTestSupport
import Foundation
import Lab

/// The bundled suite, temporary suites made of edited copies of its cases, and runs of either.
enum LabFixtures {
    static var vectors: URL { PackagePaths.root.appendingPathComponent("Vectors") }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-lab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A bundled case file as a JSON object.
    static func bundledCase(_ relativePath: String) throws -> [String: Any] {
        let data = try Data(contentsOf: vectors.appendingPathComponent(relativePath))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestDataError("\(relativePath) is not a JSON object")
        }
        return object
    }

    /// Copies a bundled case into `folder` under `name`, with its input files made absolute (so they still resolve
    /// from the new place), then applies `edit`.
    @discardableResult
    static func copy(
        _ relativePath: String, to folder: URL, as name: String, edit: (inout [String: Any]) -> Void = { _ in }
    ) throws -> URL {
        var object = try bundledCase(relativePath)
        let caseFolder = vectors.appendingPathComponent(relativePath).deletingLastPathComponent()
        func absolute(_ value: Any?) -> Any? {
            if let path = value as? String, !path.hasPrefix("/") {
                return caseFolder.appendingPathComponent(path).standardizedFileURL.path
            }
            if let paths = value as? [String] { return paths.map { absolute($0) as? String ?? $0 } }
            return value
        }
        for (section, fields) in [
            ("input", ["image", "transcript", "psbts", "trusted_root", "repository", "previous"]),
            ("expected", ["output"]),
        ] {
            guard var values = object[section] as? [String: Any] else { continue }
            for field in fields where values[field] != nil { values[field] = absolute(values[field]) }
            object[section] = values
        }
        edit(&object)
        return try write(object, to: folder.appendingPathComponent(name))
    }

    @discardableResult
    static func write(_ object: [String: Any], to url: URL) throws -> URL {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        return url
    }

    static func run(_ folder: URL, filter: String? = nil) async throws -> LabRun {
        let suite = try LabSuite.discover(at: folder.path)
        let environment = LabEnvironment.current(custosVersion: "test", vectors: suite.root, filter: filter)
        return await LabRunner(filter: filter.map(CaseFilter.init)).run(suite, environment: environment)
    }

    static func result(_ run: LabRun, _ id: String) throws -> CaseResult {
        guard let result = run.results.first(where: { $0.id == id }) else {
            throw TestDataError("no result for \(id); ids: \(run.results.map(\.id))")
        }
        return result
    }

    static func evidence(_ result: CaseResult, _ name: String) -> String? {
        result.evidence.first { $0.name == name }?.value
    }
}
