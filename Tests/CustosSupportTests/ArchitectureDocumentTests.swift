import Foundation
import Testing

/// docs/ARCHITECTURE.md's module table is drawn from Package.swift: every non-test target is a row with its folder,
/// and every row is a target whose folder exists, so the document cannot describe modules the package no longer has.
@Suite("docs/ARCHITECTURE.md lists the package's modules")
struct ArchitectureDocumentTests {
    static let repositoryRoot = FailureCatalogTests.repositoryRoot

    struct Module: Hashable, CustomStringConvertible {
        let name: String
        let folder: String
        var description: String { "\(name) (\(folder))" }
    }

    /// The targets Package.swift declares (`.target`, `.executableTarget`, `.systemLibrary`), with their folders.
    static func packageModules() throws -> Set<Module> {
        let manifest = try String(
            contentsOf: repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        // A declaration's own text runs to the next declaration (its dependency lists nest parentheses).
        let declaration = try Regex(#"\.(target|executableTarget|systemLibrary|testTarget)\(\s*name: "([^"]+)""#)
        let explicitPath = try Regex(#"path: "([^"]+)""#)
        let matches = manifest.matches(of: declaration)
        var modules: Set<Module> = []
        for (index, match) in matches.enumerated() where match.output[1].substring != "testTarget" {
            let name = String(match.output[2].substring ?? "")
            let end = index + 1 < matches.count ? matches[index + 1].range.lowerBound : manifest.endIndex
            let path = manifest[match.range.upperBound..<end].firstMatch(of: explicitPath).map {
                String($0.output[1].substring ?? "")
            }
            modules.insert(Module(name: name, folder: path ?? "Sources/\(name)"))
        }
        return modules
    }

    /// The rows between the markers of docs/ARCHITECTURE.md: `| \`Name\` | \`folder\` | ...`.
    static func documentedModules() throws -> Set<Module> {
        let text = try String(
            contentsOf: repositoryRoot.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
        guard let start = text.range(of: "<!-- modules:begin -->"),
            let end = text.range(of: "<!-- modules:end -->", range: start.upperBound..<text.endIndex)
        else { return [] }
        let row = try Regex(#"^\| `([^`]+)` \| `([^`]+)` \|"#)
        return Set(
            text[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line in
                line.firstMatch(of: row).map {
                    Module(name: String($0.output[1].substring ?? ""), folder: String($0.output[2].substring ?? ""))
                }
            })
    }

    @Test func theModuleTableIsThePackagesTargets() throws {
        let package = try Self.packageModules()
        let documented = try Self.documentedModules()
        #expect(package.count > 20, "Package.swift was not read: \(package)")
        #expect(
            package.subtracting(documented).isEmpty,
            "targets missing from docs/ARCHITECTURE.md: \(package.subtracting(documented).sorted { $0.name < $1.name })"
        )
        #expect(
            documented.subtracting(package).isEmpty,
            "rows that are not targets: \(documented.subtracting(package).sorted { $0.name < $1.name })")
        for module in documented {
            var isFolder: ObjCBool = false
            let path = Self.repositoryRoot.appendingPathComponent(module.folder).path
            #expect(
                FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue, "\(module)")
        }
    }
}
