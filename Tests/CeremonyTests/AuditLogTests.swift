import Ceremony
import CustosCrypto
import CustosSupport
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

/// The audit log: what a ceremony writes, and `custos audit verify` catching every edited, reordered or removed
/// entry (the last one only against a recorded head).
@Suite("audit log")
struct AuditLogTests {
    /// A ceremony's log: plan, combine, finalize, extract, with the plan PSBT and the transaction.
    static func ceremonyLog() throws -> (run: CeremonyRun, log: String, lines: [String], heads: [String]) {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let run = try CeremonyRun(fixture)
        let log = run.path("audit.log")
        var heads: [String] = []
        func step(_ outcome: CustosBinary.Outcome) throws {
            guard outcome.status == 0 else { throw TestDataError(outcome.standardError) }
            // Every step prints the new head for the treasurer to record.
            guard let head = outcome.standardError.split(separator: " ").last.map(String.init) else {
                throw TestDataError("no head printed")
            }
            heads.append(head.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try step(try run.plan(["--audit-log", log]))
        let copies = try run.sign(by: [0, 1])
        try step(
            try CustosBinary.run(["psbt", "combine"] + copies + ["-o", run.path("combined.psbt"), "--audit-log", log]))
        try step(
            try CustosBinary.run([
                "psbt", "finalize", run.path("combined.psbt"), "-o", run.path("final.psbt"), "--audit-log", log,
            ]))
        try step(try CustosBinary.run(["psbt", "extract", run.path("final.psbt"), "--audit-log", log]))
        let lines = try run.folder.read("audit.log").split(separator: "\n").map(String.init)
        return (run, log, lines, heads)
    }

    @Test func entriesRecordFilesTransactionsSignersAndTheChain() throws {
        let (run, log, lines, heads) = try Self.ceremonyLog()
        #expect(lines.count == 4)
        let entries = try lines.map { try JSONDecoder().decode(AuditEntry.self, from: Data($0.utf8)) }
        #expect(entries.map(\.action) == ["plan", "combine", "finalize", "extract"])
        #expect(entries.map(\.sequence) == [1, 2, 3, 4])
        #expect(entries[0].previous == String(repeating: "0", count: 64))
        for index in 1..<4 {
            #expect(entries[index].previous == SHA256.hash(Array(lines[index - 1].utf8)).hexString)
        }
        // The head printed after each step is the hash of the line it wrote.
        #expect(heads == lines.map { SHA256.hash(Array($0.utf8)).hexString })
        // File hashes are those of the files on disk.
        let plan = try Data(contentsOf: URL(fileURLWithPath: run.path("sweep.psbt")))
        #expect(entries[0].outputs.first?.sha256 == SHA256.hash(Array(plan)).hexString)
        let utxos = try Data(contentsOf: URL(fileURLWithPath: run.path("utxos.json")))
        #expect(entries[0].inputs.contains { $0.sha256 == SHA256.hash(Array(utxos)).hexString })
        #expect(entries[1].inputs.count == 2)
        let signers = Set(run.fixture.fingerprints.prefix(2))
        #expect(Set(entries[1].signers) == signers)
        #expect(Set(entries[3].signers) == signers)
        #expect(entries.allSatisfy { UTCTime(iso8601: $0.time) != nil && $0.txids.count == 1 })
        #expect(entries[0].txids == entries[3].txids)  // segwit: the unsigned txid is the final one
        let verify = try CustosBinary.run(["audit", "verify", log, "--expect-head", heads[3]])
        #expect(verify.status == 0, "\(verify.standardError)")
        #expect(verify.standardOutput.contains("OK: 4 entries, chain intact; head \(heads[3])"))
    }

    /// An entry holding a key twice is ambiguous JSON, refused as unparsable (exit 2) like a policy file with one,
    /// even when the chain over its bytes is intact (the entry is the log's last, so nothing hashes it).
    @Test func duplicatedKeyIsUnparsable() throws {
        let (run, _, lines, _) = try Self.ceremonyLog()
        let last = lines[3].replacingOccurrences(of: "\"action\":", with: "\"action\":\"plan\",\"action\":")
        #expect(last != lines[3])
        try run.folder.write("duplicated.log", (Array(lines.dropLast()) + [last]).joined(separator: "\n") + "\n")
        let outcome = try CustosBinary.run(["audit", "verify", run.path("duplicated.log")])
        #expect(outcome.status == 2, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("entry 4"), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("duplicate key \"action\""), "\(outcome.standardError)")
    }

    /// Each kind of tampering, with the entry and reason `audit verify` names.
    @Test func verifyCatchesEveryTampering() throws {
        let (run, log, lines, heads) = try Self.ceremonyLog()
        func verify(
            _ tampered: [String], expectHead: String? = nil, newline: Bool = true
        ) throws -> CustosBinary.Outcome {
            try run.folder.write("tampered.log", tampered.joined(separator: "\n") + (newline ? "\n" : ""))
            return try CustosBinary.run(
                ["audit", "verify", run.path("tampered.log")] + (expectHead.map { ["--expect-head", $0] } ?? []))
        }
        var cases: [(name: String, outcome: CustosBinary.Outcome, words: [String])] = []
        // Edited: a signer fingerprint changed in entry 2.
        let edited = lines[1].replacingOccurrences(of: run.fixture.fingerprints[0], with: "00000000")
        #expect(edited != lines[1])
        cases.append(
            ("edited", try verify([lines[0], edited, lines[2], lines[3]]), ["entry 3", "entry 2 was edited"]))
        // Edited so that it is no longer JSON.
        cases.append(("garbled", try verify([lines[0], String(lines[1].dropLast()), lines[2], lines[3]]), ["entry 2"]))
        cases.append(("reordered", try verify([lines[0], lines[2], lines[1], lines[3]]), ["entry 2", "numbered 3"]))
        cases.append(("middle removed", try verify([lines[0], lines[2], lines[3]]), ["entry 2", "removed"]))
        cases.append(("first removed", try verify(Array(lines.dropFirst())), ["entry 1"]))
        cases.append(("cut mid-write", try verify(lines, newline: false), ["entry 4", "newline"]))
        // The last entry removed: still a valid chain; only the recorded head reveals it.
        let shortened = try verify(Array(lines.dropLast()))
        #expect(shortened.status == 0)
        cases.append(
            (
                "last removed, head recorded", try verify(Array(lines.dropLast()), expectHead: heads[3]),
                ["expected head"]
            ))
        let lastEdited = lines[3].replacingOccurrences(of: "extract", with: "extrakt")
        cases.append(
            (
                "last edited, head recorded", try verify(Array(lines.dropLast()) + [lastEdited], expectHead: heads[3]),
                ["expected head"]
            ))
        for (name, outcome, words) in cases {
            #expect(outcome.status == 1, "\(name): \(outcome.standardError)")
            for word in words {
                #expect(outcome.standardError.contains(word), "\(name): \(word) not in \(outcome.standardError)")
            }
        }
        // An earlier head still anchors the intact log (entries were appended after it).
        let anchored = try CustosBinary.run(["audit", "verify", log, "--expect-head", heads[1]])
        #expect(anchored.status == 0 && anchored.standardOutput.contains("the expected head is entry 2"))
        reportVectorCount(
            "audit log tamperings detected", passed: cases.filter { $0.outcome.status == 1 }.count, total: cases.count)
    }

    /// A damaged log stops the next step before it writes anything, and is left as it was.
    @Test func aDamagedLogIsNeverExtended() throws {
        let (run, log, lines, _) = try Self.ceremonyLog()
        let damaged = [lines[0], lines[2], lines[1], lines[3]].joined(separator: "\n") + "\n"
        try run.folder.write("audit.log", damaged)
        let plan = try run.plan(["--audit-log", log], output: "again.psbt")
        #expect(plan.status == 1)
        #expect(plan.standardError.contains("audit log is damaged at entry 2"))
        #expect(!run.folder.exists("again.psbt"))
        #expect(try run.folder.read("audit.log") == damaged)
    }

    /// A log rewritten from scratch is a valid chain (only a recorded head exposes it), so whatever it says is
    /// printed: control characters in it are escaped, never sent to the terminal (found by the ceremony-inputs fuzzer).
    @Test func rewrittenEntriesCannotDriveTheTerminal() throws {
        let folder = try CeremonyFolder()
        var chain = AuditChain()
        let time = try #require(UTCTime(iso8601: "2026-11-26T09:00:00Z"))
        let record = AuditRecord(
            action: "plan\u{1B}[1A\u{1B}[2K", outputs: [.init(file: "sweep.psbt\r\nOK: forged", bytes: [])],
            signers: ["d34db33f\u{7}"])
        let (_, line) = try chain.append(record, tool: "custos", time: time)
        _ = try folder.write("audit.log", String(decoding: line, as: UTF8.self) + "\n")
        let verify = try CustosBinary.run(["audit", "verify", folder.path("audit.log")])
        #expect(verify.status == 0, "\(verify.standardError)")
        #expect(!verify.standardOutput.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" || $0 == "\u{7}" })
        #expect(
            verify.standardOutput.contains(
                "#1 2026-11-26T09:00:00Z plan\\u{1B}[1A\\u{1B}[2K signers d34db33f\\u{7} no policy "
                    + "(sweep.psbt\\u{D}\\u{A}OK: forged)"))
    }

    /// Steps appending at the same moment (flock) still form one chain.
    @Test func concurrentAppendsKeepOneChain() async throws {
        let folder = try CeremonyFolder()
        let log = AuditLog(path: folder.path("audit.log"))
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for step in 0..<10 {
                        _ = try? log.append(
                            AuditRecord(action: "test", details: ["worker": "\(worker)", "step": "\(step)"]),
                            tool: "test")
                    }
                }
            }
        }
        let verification = try log.verify()
        #expect(verification.entries.count == 80)
        #expect(
            Set(verification.entries.map { "\($0.details["worker"] ?? "")/\($0.details["step"] ?? "")" }).count == 80)
    }
}
