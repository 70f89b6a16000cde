import CustosSupport
import Foundation
import Testing

/// docs/ERRORS.md lists every failure code declared in the sources: this suite reads each
/// `FailureCode("name", .category, "summary")` declaration under Sources/ and compares the table with the one in the
/// document, so the two cannot drift. On a difference it prints the table to paste.
@Suite("Failure codes: docs/ERRORS.md lists every declared code")
struct FailureCatalogTests {
    struct Declaration: Equatable {
        let name: String
        let category: String
        let summary: String
        let file: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The exit status of each category (docs/cli-contract.md; `ExitStatus.init(_:)` in the CLI is the code).
    static let exitStatus = ["malformed": 2, "unsupported": 2, "refused": 1, "environment": 1, "usage": 64]

    /// Every declaration in Sources/**/*.swift, comments left out. A declaration may be wrapped over lines.
    static func declarations() throws -> [Declaration] {
        let sources = repositoryRoot.appendingPathComponent("Sources")
        let pattern = try Regex(#"FailureCode\(\s*"([^"]*)",\s*\.([a-z]+),\s*"((?:[^"\\]|\\.)*)"\s*\)"#)
        var found: [Declaration] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            let code = text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            let relative = String(file.path.dropFirst(repositoryRoot.path.count + 1))
            for match in code.matches(of: pattern) {
                found.append(
                    Declaration(
                        name: String(match.output[1].substring ?? ""),
                        category: String(match.output[2].substring ?? ""),
                        summary: String(match.output[3].substring ?? "").replacingOccurrences(of: "\\\"", with: "\""),
                        file: relative))
            }
        }
        return found.sorted { $0.name < $1.name }
    }

    static func table(_ declarations: [Declaration]) -> String {
        var lines = ["| Code | Category | Exit | Meaning |", "|---|---|---|---|"]
        for declaration in declarations {
            let exit = exitStatus[declaration.category].map(String.init) ?? "?"
            lines.append("| `\(declaration.name)` | \(declaration.category) | \(exit) | \(declaration.summary) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The table between the markers of docs/ERRORS.md.
    static func documentedTable() throws -> String {
        let text = try String(
            contentsOf: repositoryRoot.appendingPathComponent("docs/ERRORS.md"), encoding: .utf8)
        guard let start = text.range(of: "<!-- codes:begin -->\n"),
            let end = text.range(of: "\n<!-- codes:end -->", range: start.upperBound..<text.endIndex)
        else { return "" }
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// The code names docs/ERRORS.md lists (for tests of other targets that check a report's problems).
    static func documentedNames() throws -> Set<String> {
        Set(
            try documentedTable().split(separator: "\n").compactMap { line in
                let cells = line.split(separator: "`")
                return line.hasPrefix("| `") && cells.count > 1 ? String(cells[1]) : nil
            })
    }

    @Test func declarationsAreFoundAndWellFormed() throws {
        let declarations = try Self.declarations()
        #expect(declarations.count >= 10, "the scan found only \(declarations.count) declarations")
        let name = try Regex(#"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$"#)
        for declaration in declarations {
            #expect(
                declaration.name.wholeMatch(of: name) != nil,
                "\(declaration.file): \(declaration.name) is not lowercase dotted words")
            #expect(Self.exitStatus[declaration.category] != nil, "\(declaration.file): unknown category")
            #expect(!declaration.summary.isEmpty, "\(declaration.file): \(declaration.name) has no summary")
        }
    }

    @Test func everyNameIsDeclaredOnce() throws {
        let byName = Dictionary(grouping: try Self.declarations(), by: \.name)
        for (name, declarations) in byName where declarations.count > 1 {
            Issue.record("\(name) is declared \(declarations.count) times: \(declarations.map(\.file))")
        }
    }

    @Test func documentListsExactlyTheDeclaredCodes() throws {
        let expected = Self.table(try Self.declarations())
        let documented = try Self.documentedTable()
        if documented != expected {
            print("docs/ERRORS.md differs from the declared codes; the table between the markers should be:\n")
            print(expected)
        }
        #expect(documented == expected)
    }

    @Test func codesAreIdentifiedByNameAndKeepTheirCategory() {
        let missing = FileError.missing(path: "a.psbt", reason: "No such file or directory")
        #expect(missing.code == FileError.Codes.missing)
        #expect(missing.category == .malformed)
        #expect(missing.message == "cannot read a.psbt: No such file or directory")
        #expect(missing.problem.context.map(\.key) == ["file"])
        let unwritable = FileError.cannotWrite(path: "out", reason: "No space left on device")
        #expect(unwritable.code.name == "file.unwritable")
        #expect(unwritable.category == .environment)
        let lock = FileError.cannotLock(path: "log", reason: "busy")
        #expect(lock.category == .environment)
    }

    @Test func jsonSyntaxErrorsAreMalformedWithTheirPosition() throws {
        let error = #expect(throws: JSONError.self) { _ = try JSONParser.parse(Array("{\"a\": 1, \"a\": 2}".utf8)) }
        let failure = try #require(error)
        #expect(failure.code == JSONError.Codes.syntax)
        #expect(failure.category == .malformed)
        #expect(failure.context.map(\.key) == ["line", "column"])
    }

    @Test func problemJSONPutsCodeAndMessageFirst() {
        let problem = FileError.tooLarge(path: "big.bin", limit: 10).problem
        guard case .object(let object) = problem.json else {
            Issue.record("a problem is not a JSON object")
            return
        }
        #expect(object.members.map(\.key) == ["code", "message", "file"])
    }
}
