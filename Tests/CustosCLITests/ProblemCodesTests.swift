import CustosTestSupport
import Foundation
import Testing

/// Every `--json` report lists its `problems` as objects with a `code` from docs/ERRORS.md and a `message`, and the
/// exit status is the one the code's category promises.
@Suite("JSON problems carry documented codes")
struct ProblemCodesTests {
    /// Code name → exit status, read from the table in docs/ERRORS.md.
    static func documentedCodes() throws -> [String: Int32] {
        let text = try String(
            contentsOf: PackagePaths.root.appendingPathComponent("docs/ERRORS.md"), encoding: .utf8)
        var codes: [String: Int32] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, let status = Int32(cells[2]) else { continue }
            codes[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = status
        }
        return codes
    }

    /// The problems of a JSON document (or of each object of an array, or of nested `field` objects), checked to be
    /// objects whose code is documented.
    static func problems(in json: String, at path: [String] = []) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8))
        var found: [[String: Any]] = []
        func collect(_ value: Any) {
            if let array = value as? [Any] {
                array.forEach(collect)
            } else if let object = value as? [String: Any] {
                if let problems = object["problems"] as? [Any] {
                    for problem in problems {
                        guard let problem = problem as? [String: Any] else {
                            Issue.record("a problem is not an object: \(problem)")
                            continue
                        }
                        found.append(problem)
                    }
                }
                object.values.forEach(collect)
            }
        }
        collect(value)
        let documented = try documentedCodes()
        for problem in found {
            let code = problem["code"] as? String ?? ""
            #expect(documented[code] != nil, "\(code) is not in docs/ERRORS.md")
            #expect((problem["message"] as? String)?.isEmpty == false)
        }
        return found
    }

    private var images: URL { PackagePaths.root.appendingPathComponent("Firmware/test-images") }

    @Test func firmwareVerifyProblemsHaveTheirStepsCode() throws {
        let refused = try CustosBinary.run([
            "firmware", "verify", "--json",
            images.appendingPathComponent("trezor/T3T1-firmware-unsafe-vendor.bin").path,
        ])
        #expect(refused.status == 1)
        let problems = try Self.problems(in: refused.standardOutput)
        #expect(problems.first?["code"] as? String == "firmware.identity")

        let garbage = try CustosBinary.run([
            "firmware", "verify", "--json", images.appendingPathComponent("garbage/random.bin").path,
        ])
        #expect(garbage.status == 2)
        let code = try Self.problems(in: garbage.standardOutput).first?["code"] as? String
        #expect(code.map { try? Self.documentedCodes()[$0] } == 2, "\(code ?? "none") should exit 2")
    }

    @Test func psbtInspectAndMigrateStatusListRefusedSignatures() throws {
        let broken = PackagePaths.root.appendingPathComponent("Vectors/psbt/broken")
        let inspect = try CustosBinary.run([
            "psbt", "inspect", "--json", broken.appendingPathComponent("cosigner-c-corrupted-signature.psbt").path,
        ])
        #expect(inspect.status == 0, "inspect reports problems without failing: \(inspect.standardError)")
        let problems = try Self.problems(in: inspect.standardOutput)
        #expect(problems.contains { $0["code"] as? String == "psbt.signature.invalid" && $0["input"] != nil })

        let status = try CustosBinary.run([
            "migrate", "status", "--json", broken.appendingPathComponent("cosigner-c-corrupted-signature.psbt").path,
        ])
        #expect(status.status == 1)
        #expect(try !Self.problems(in: status.standardOutput).isEmpty)
    }

    @Test func auditVerifyReportsABrokenChainAsAProblem() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("custos-audit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data("{\"not\": \"an entry\"}\n".utf8).write(to: path)
        let outcome = try CustosBinary.run(["audit", "verify", "--json", path.path])
        let problems = try Self.problems(in: outcome.standardOutput)
        let code = try #require(problems.first?["code"] as? String)
        #expect(try Self.documentedCodes()[code] == outcome.status)
    }

    @Test func doctorFindingsAreCodedProblems() throws {
        let outcome = try CustosBinary.run(["doctor", "--json"])
        let problems = try Self.problems(in: outcome.standardOutput)
        #expect(outcome.status == (problems.isEmpty ? 0 : 1))
        #expect(problems.allSatisfy { ($0["code"] as? String)?.hasPrefix("doctor.") == true })
    }

    @Test func aMissingInputFileIsMalformedAndAnUnwritableOutputTheEnvironments() throws {
        let missing = try CustosBinary.run(["psbt", "inspect", "/nonexistent/custos.psbt"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("cannot read /nonexistent/custos.psbt"))
        let demo = PackagePaths.root.appendingPathComponent("Vectors/psbt/demo")
        let unwritable = try CustosBinary.run([
            "psbt", "combine", demo.appendingPathComponent("cosigner-a.psbt").path,
            demo.appendingPathComponent("cosigner-c.psbt").path, "-o", "/nonexistent/folder/out.psbt",
        ])
        #expect(unwritable.status == 1, "\(unwritable.standardError)")
        #expect(unwritable.standardError.contains("cannot write /nonexistent/folder/out.psbt"))
    }
}
