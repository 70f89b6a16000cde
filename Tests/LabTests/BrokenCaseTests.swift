import CustosTestSupport
import Foundation
import Lab
import Testing

/// Deliberately broken copies of bundled cases, in a temporary suite: each fails with a precise reason, the run goes
/// on past it, and the summary counts it.
@Suite("Broken vectors")
struct BrokenCaseTests {
    static let firmwareCase = "firmware/trezor/T3T1-firmware-unsafe-vendor.case.json"
    static let attestCase = "usb/cases/attest-t1-synthetic-match.case.json"

    /// Builds the suite: three good copies, a skip, and one broken copy per way a case can be wrong.
    static func brokenSuite() throws -> URL {
        let folder = try LabFixtures.temporaryFolder()
        try LabFixtures.copy(firmwareCase, to: folder, as: "good/firmware.case.json")
        try LabFixtures.copy(attestCase, to: folder, as: "good/attest.case.json")
        try LabFixtures.copy(
            "usb/cases/attest-t1-synthetic-mismatch.case.json", to: folder, as: "good/attest-mismatch.case.json")
        try LabFixtures.copy(firmwareCase, to: folder, as: "skip.case.json") { object in
            object["id"] = "broken/skipped"
            object["skip"] = "waiting for the vendor's signed release"
        }
        // Malformed JSON: the file ends in the middle of an object.
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("broken"), withIntermediateDirectories: true)
        let text = try String(contentsOf: LabFixtures.vectors.appendingPathComponent(firmwareCase), encoding: .utf8)
        try Data(text.prefix(200).utf8).write(to: folder.appendingPathComponent("broken/truncated.case.json"))
        try LabFixtures.copy(firmwareCase, to: folder, as: "broken/missing-image.case.json") { object in
            object["id"] = "broken/missing-image"
            object["input"] = ["image": "images/not-there.bin"]
        }
        try LabFixtures.copy(firmwareCase, to: folder, as: "broken/typo.case.json") { object in
            object["id"] = "broken/typo"
            var expected = object["expected"] as? [String: Any] ?? [:]
            expected["fingreprint"] = expected.removeValue(forKey: "fingerprint")
            object["expected"] = expected
        }
        try LabFixtures.copy(firmwareCase, to: folder, as: "broken/wrong-fingerprint.case.json") { object in
            object["id"] = "broken/wrong-fingerprint"
            var expected = object["expected"] as? [String: Any] ?? [:]
            expected["fingerprint"] = String(repeating: "00", count: 32)
            object["expected"] = expected
        }
        try LabFixtures.copy(attestCase, to: folder, as: "broken/wrong-verdict.case.json") { object in
            object["id"] = "broken/wrong-verdict"
            var expected = object["expected"] as? [String: Any] ?? [:]
            expected["verdict"] = "mismatch"
            object["expected"] = expected
        }
        // The image changed after the case pinned it: a copy with one byte flipped.
        var image = try Data(contentsOf: LabFixtures.vectors.appendingPathComponent("usb/images/t1-synthetic.bin"))
        image[300] ^= 0x01
        try image.write(to: folder.appendingPathComponent("t1-synthetic-changed.bin"))
        try LabFixtures.copy(attestCase, to: folder, as: "broken/changed-image.case.json") { object in
            object["id"] = "broken/changed-image"
            var input = object["input"] as? [String: Any] ?? [:]
            input["image"] = "../t1-synthetic-changed.bin"
            input["image_sha256"] = "9537bd05472e1dbcbb3a27eafb48a7aa480be148014e3ee8956c64f4763a3d89"
            object["input"] = input
        }
        try LabFixtures.copy(firmwareCase, to: folder, as: "broken/psbt.case.json") { object in
            object["id"] = "broken/psbt-role"
            object["kind"] = "psbt-role"
            object["input"] = ["psbt": "unsigned.psbt", "role": "combine"]
            object["expected"] = ["verdict": "refused"]
        }
        try LabFixtures.copy(firmwareCase, to: folder, as: "broken/unknown-kind.case.json") { object in
            object["id"] = "broken/unknown-kind"
            object["kind"] = "coffee-machine"
        }
        try LabFixtures.copy(firmwareCase, to: folder, as: "broken/format.case.json") { object in
            object["id"] = "broken/format"
            object["format"] = 2
        }
        try LabFixtures.copy(firmwareCase, to: folder, as: "broken/no-provenance.case.json") { object in
            object["id"] = "broken/no-provenance"
            object.removeValue(forKey: "provenance")
        }
        try LabFixtures.copy(firmwareCase, to: folder, as: "broken/bad-verdict.case.json") { object in
            object["id"] = "broken/bad-verdict"
            var expected = object["expected"] as? [String: Any] ?? [:]
            expected["verdict"] = "fine"
            object["expected"] = expected
        }
        try LabFixtures.copy(firmwareCase, to: folder, as: "broken/zz-duplicate.case.json")
        return folder
    }

    /// Each broken case's id (or file, when it cannot name one) and a phrase its reason must contain.
    static let expectedReasons: [(String, String)] = [
        ("broken/truncated.case.json", "malformed case file"),
        ("broken/missing-image", "referenced file 'images/not-there.bin' does not exist"),
        ("broken/typo", "unknown field expected.fingreprint"),
        ("broken/wrong-fingerprint", "expected fingerprint 0000000000000000"),
        ("broken/wrong-verdict", "expected verdict mismatch, got match"),
        ("broken/changed-image", "the input changed"),
        ("broken/psbt-role", "unknown field input.psbt (psbt-role knows: role, psbts, psbts_sha256"),
        ("broken/unknown-kind", "unsupported case kind 'coffee-machine' (unknown"),
        ("broken/format", "case format version 2 is not supported"),
        ("broken/no-provenance", "missing field provenance"),
        ("broken/bad-verdict", "field expected.verdict"),
        (String(firmwareCase.dropLast(10)), "duplicate case id"),
    ]

    @Test func eachBrokenCaseFailsWithItsReasonAndTheRunGoesOn() async throws {
        let folder = try Self.brokenSuite()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await LabFixtures.run(folder)
        #expect(run.results.count == 16)
        #expect(run.passed == 3)
        #expect(run.failed == 12)
        #expect(run.skipped == 1)
        #expect(run.summaryLine == "3 passed, 12 failed, 1 skipped")
        for (id, phrase) in Self.expectedReasons {
            let failed = run.results.filter { $0.id == id && $0.status == .failed }
            #expect(failed.count == 1, "\(id): \(run.results.filter { $0.id == id }.map(\.status))")
            let reasons = failed.first?.reasons.joined(separator: " | ") ?? ""
            #expect(reasons.contains(phrase), "\(id): '\(reasons)' lacks '\(phrase)'")
        }
        // Unmet expectations are told apart from cases that could not run as written.
        #expect(try LabFixtures.result(run, "broken/wrong-verdict").failureClass == .expectation)
        #expect(try LabFixtures.result(run, "broken/wrong-fingerprint").failureClass == .expectation)
        #expect(try LabFixtures.result(run, "broken/missing-image").failureClass == .caseFile)
        #expect(try LabFixtures.result(run, "broken/psbt-role").failureClass == .caseFile)
        let skipped = try LabFixtures.result(run, "broken/skipped")
        #expect(skipped.status == .skipped && skipped.reasons == ["waiting for the vendor's signed release"])
        // A broken case keeps what it could say about itself, for the report.
        let typo = try LabFixtures.result(run, "broken/typo")
        #expect(typo.kind == "firmware-verify" && typo.description?.isEmpty == false && typo.fileSHA256 != nil)
        // The wrong-fingerprint case ran: its evidence has the real fingerprint.
        let wrong = try LabFixtures.result(run, "broken/wrong-fingerprint")
        #expect(
            LabFixtures.evidence(wrong, "fingerprint")
                == "783cdcd536f2bf6569c65c864c375999206abe7f1590ae441ea6c5dbe36095e9")
        // Failures first: every failed result precedes every skipped, which precede the passed.
        let order = run.failuresFirst.map(\.status)
        #expect(order == order.sorted { rank($0) < rank($1) })
        reportVectorCount("broken lab cases with their reasons", passed: Self.expectedReasons.count, total: run.failed)
    }

    private func rank(_ status: CaseResult.Status) -> Int {
        switch status {
        case .failed: return 0
        case .skipped: return 1
        case .passed: return 2
        }
    }

    @Test func aMalformedFileSaysWhereTheJSONBreaks() async throws {
        let folder = try LabFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{\"format\": 1, \"id\": \"x\",\n \"kind\": }".utf8).write(
            to: folder.appendingPathComponent("bad.case.json"))
        try Data("[1, 2]".utf8).write(to: folder.appendingPathComponent("array.case.json"))
        try Data().write(to: folder.appendingPathComponent("empty.case.json"))
        try Data("{\"format\": 1, \"format\": 2}".utf8).write(to: folder.appendingPathComponent("twice.case.json"))
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        try Data("{\"input\": \(deep)}".utf8).write(to: folder.appendingPathComponent("deep.case.json"))
        try Data([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]).write(
            to: folder.appendingPathComponent("latin1.case.json"))
        let run = try await LabFixtures.run(folder)
        #expect(run.failed == 6)
        #expect(
            try LabFixtures.result(run, "twice.case.json").reasons == [
                "malformed case file: line 1, column 15: duplicate key \"format\""
            ])
        #expect(try LabFixtures.result(run, "deep.case.json").reasons.first?.contains("deeper than 64 levels") == true)
        #expect(try LabFixtures.result(run, "latin1.case.json").reasons.first?.contains("not UTF-8") == true)
        let bad = try LabFixtures.result(run, "bad.case.json")
        #expect(bad.reasons.first?.contains("malformed case file") == true)
        #expect(
            bad.reasons == [
                "malformed case file: line 2, column 10: unexpected character '}' where a value was expected"
            ])
        #expect(
            try LabFixtures.result(run, "array.case.json").reasons == [
                "malformed case file: the file is not a JSON object"
            ])
        #expect(try LabFixtures.result(run, "empty.case.json").reasons.first?.contains("malformed") == true)
    }

    @Test func anOversizedCaseFileIsRefusedWithoutBeingRead() async throws {
        let folder = try LabFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(repeating: 0x20, count: 1024 * 1024 + 1).write(to: folder.appendingPathComponent("big.case.json"))
        let run = try await LabFixtures.run(folder)
        #expect(
            try LabFixtures.result(run, "big.case.json").reasons == [
                "cannot read the case file: larger than 1048576 bytes"
            ])
    }

    @Test func fieldValuesAreValidatedBeforeAnythingRuns() async throws {
        let folder = try LabFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let edits: [(String, String, (inout [String: Any]) -> Void)] = [
            ("challenge", "input.challenge must be", { $0["challenge"] = "zz" }),
            ("timeout", "input.timeout_ms must be between 1 and 60000", { $0["timeout_ms"] = 0 }),
            ("pin", "input.image_sha256 must be hex of 32 bytes", { $0["image_sha256"] = "abcd" }),
        ]
        for (name, _, edit) in edits {
            try LabFixtures.copy(Self.attestCase, to: folder, as: "\(name).case.json") { object in
                object["id"] = name
                var input = object["input"] as? [String: Any] ?? [:]
                edit(&input)
                object["input"] = input
            }
        }
        try LabFixtures.copy(Self.firmwareCase, to: folder, as: "edition.case.json") { object in
            object["id"] = "edition"
            var input = object["input"] as? [String: Any] ?? [:]
            input["bitbox02_edition"] = "bitbox03"
            object["input"] = input
        }
        let run = try await LabFixtures.run(folder)
        #expect(run.failed == 4)
        for (name, phrase, _) in edits {
            let reasons = try LabFixtures.result(run, name).reasons.joined()
            #expect(reasons.contains(phrase), "\(name): \(reasons)")
        }
        #expect(try LabFixtures.result(run, "edition").reasons.joined().contains("bitbox02_edition 'bitbox03'"))
    }
}
