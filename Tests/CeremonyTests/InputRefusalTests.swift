import Bitcoin
import Ceremony
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

/// Bad UTXO lists, descriptors and options: a clear reason and the right exit status (2 unparsable or unsupported,
/// 1 refused, 64 usage), and nothing written.
@Suite("plan input refusals")
struct InputRefusalTests {
    static func plan(
        _ run: CeremonyRun, utxos: String? = nil, descriptor: String? = nil, _ extra: [String] = []
    )
        throws -> CustosBinary.Outcome
    {
        if let utxos { try run.folder.write("utxos.json", utxos) }
        if let descriptor { try run.folder.write("descriptor.txt", descriptor) }
        return try run.plan(extra)
    }

    @Test func malformedUTXOListsAreUnparsable() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let good = try fixture.utxosJSON(withPrevTx: false)
        let txid = fixture.utxos[0].outpoint.txid.description
        let cases: [(String, String)] = [
            ("not json", "not valid JSON"),
            ("{}", "expected a JSON array"),
            ("[]", "the list is empty"),
            // A duplicated key is ambiguous (parsers differ on which value wins): refused like one in a policy.
            (
                good.replacingOccurrences(of: "\"value\": ", with: "\"value\": 1, \"value\": "),
                "duplicate key \"value\""
            ),
            (good.replacingOccurrences(of: "\"value\"", with: "\"valeu\""), "unknown field \"valeu\""),
            // A field name holding an escape sequence is quoted escaped (found by the ceremony-inputs fuzzer).
            (
                good.replacingOccurrences(of: "\"value\"", with: "\"val\\u001b[2Kue\""),
                "unknown field \"val\\u{1B}[2Kue\""
            ),
            (
                good.replacingOccurrences(of: "\"change\": false,", with: "").replacingOccurrences(
                    of: "\"change\": false", with: "\"x\": 1"), "entry 0"
            ),
            (
                "[{\"txid\": \"\(txid)\", \"vout\": 1, \"value\": -5, \"index\": 0, \"change\": false}]",
                "positive number of satoshis"
            ),
            (
                "[{\"txid\": \"abcd\", \"vout\": 1, \"value\": 5, \"index\": 0, \"change\": false}]",
                "txid must be 64 hex digits"
            ),
            (
                "[{\"txid\": \"\(txid)\", \"vout\": 1, \"value\": 5, \"index\": 2147483648, \"change\": false}]",
                "below 2^31"
            ),
            (
                "[{\"txid\": \"\(txid)\", \"vout\": 1, \"value\": 5, \"index\": 0, \"change\": false, \"prev_tx\": \"00\"}]",
                "prev_tx is not a transaction"
            ),
            (
                "[{\"txid\": \"\(txid)\", \"vout\": 1, \"value\": 5, \"index\": 0, \"change\": false}, {\"txid\": \"\(txid)\", \"vout\": 1, \"value\": 6, \"index\": 1, \"change\": false}]",
                "listed twice"
            ),
        ]
        let run = try CeremonyRun(fixture)
        for (utxos, words) in cases {
            let outcome = try Self.plan(run, utxos: utxos)
            #expect(outcome.status == 2, "\(utxos.prefix(60)): \(outcome.standardError)")
            #expect(outcome.standardError.contains(words), "\(words): \(outcome.standardError)")
            #expect(
                !outcome.standardError.unicodeScalars.contains {
                    $0 != "\n" && $0.properties.generalCategory == .control
                })
        }
        #expect(!run.folder.exists("sweep.psbt"))
        reportVectorCount("malformed UTXO lists refused", passed: cases.count, total: cases.count)
    }

    /// A prev_tx that is not what the UTXO claims: refused, naming the UTXO.
    @Test func prevTxMismatchesAreRefused() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let run = try CeremonyRun(fixture)
        let good = try fixture.utxosJSON()
        let otherFunding = fixture.utxos[1].funding.serialized().hexString
        let ownFunding = fixture.utxos[0].funding.serialized().hexString
        let cases: [(String, String)] = [
            // UTXO 0 said to be change: its prev_tx pays the receive script.
            (
                good.replacingOccurrences(
                    of: "\"index\": 0,\n    \"change\": false", with: "\"index\": 0,\n    \"change\": true"),
                "does not match the wallet's script"
            ),
            (
                good.replacingOccurrences(of: "\"value\": 1000000,", with: "\"value\": 1000001,"),
                "not the listed 1000001 sat"
            ),
            (good.replacingOccurrences(of: ownFunding, with: otherFunding), "prev_tx is transaction"),
            (
                good.replacingOccurrences(
                    of: "\"vout\": 1,\n    \"value\": 1000000", with: "\"vout\": 0,\n    \"value\": 1000000"),
                "does not match"
            ),
        ]
        for (utxos, words) in cases {
            #expect(utxos != good)
            let outcome = try Self.plan(run, utxos: utxos)
            #expect(outcome.status == 1, "\(words): \(outcome.standardError)")
            #expect(outcome.standardError.contains("utxo 0"), "\(outcome.standardError)")
            #expect(outcome.standardError.contains(words), "\(words): \(outcome.standardError)")
        }
        #expect(!run.folder.exists("sweep.psbt"))
        // Legacy P2SH inputs need prev_tx; segwit v0 without it only warns.
        let legacy = try CeremonyRun(try SweepFixture(kind: .shSortedMulti, count: 1), withPrevTx: false)
        let refused = try legacy.plan()
        #expect(refused.status == 1 && refused.standardError.contains("needs its prev_tx"))
        let segwit = try CeremonyRun(fixture, withPrevTx: false)
        let warned = try segwit.plan()
        #expect(warned.status == 0 && warned.standardOutput.contains("have no prev_tx"))
    }

    @Test func descriptorsMustBeAWatchOnlyMultisigWithOrigins() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 1)
        let run = try CeremonyRun(fixture)
        let text = fixture.wallet.descriptor.text
        func checksummed(_ body: String) -> String { body + "#" + (DescriptorChecksum.compute(body) ?? "") }
        let master = fixture.wallet.masters[0].encoded
        let firstKey =
            try #require(text.split(separator: ",").dropFirst().first).split(separator: ")").first.map(String.init)
            ?? ""
        let cases: [(String, Int32, String)] = [
            (text, 2, "checksum: missing"),
            (text + "#aaaaaaaa", 2, "checksum: mismatch"),
            (checksummed("wpkh(\(firstKey))"), 2, "must be sh(multi)"),
            (
                checksummed(text.replacingOccurrences(of: "[\(fixture.fingerprints[0])/48h/1h/0h/2h]", with: "")), 2,
                "no [fingerprint/path] origin"
            ),
            (checksummed("wsh(sortedmulti(1,[\(fixture.fingerprints[0])]\(master)/<0;1>/*))"), 1, "private key"),
            (checksummed(text.replacingOccurrences(of: "/<0;1>/*", with: "/<0;1>/*h")), 2, "unhardened"),
            (checksummed(text) + "\n" + checksummed(text) + "\n" + checksummed(text), 2, "expected one descriptor"),
        ]
        for (descriptor, status, words) in cases {
            let outcome = try Self.plan(run, descriptor: descriptor)
            #expect(outcome.status == status, "\(words): \(outcome.standardError)")
            #expect(outcome.standardError.contains(words), "\(words): \(outcome.standardError)")
        }
        // Receive-only: a change UTXO has no script to derive.
        let receiveOnly = checksummed(fixture.wallet.descriptor.singlePathText(0))
        let changeUTXO = try SweepFixture(kind: .wshSortedMulti, count: 2)
        let split = try CeremonyRun(changeUTXO)
        let outcome = try Self.plan(split, descriptor: receiveOnly)
        #expect(outcome.status == 1 && outcome.standardError.contains("no change descriptor"))
        // The two single-path descriptors together are the same wallet as the multipath one.
        let both = receiveOnly + "\n" + checksummed(fixture.wallet.descriptor.singlePathText(1)) + "\n"
        #expect(try Self.plan(split, descriptor: both).status == 0)
        let multipath = try Data(contentsOf: URL(fileURLWithPath: split.path("sweep.psbt")))
        try split.folder.write("descriptor.txt", fixture.wallet.descriptor.description)
        #expect(try split.plan(output: "multipath.psbt").status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: split.path("multipath.psbt"))) == multipath)
    }

    @Test func usageErrors() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 3)
        let run = try CeremonyRun(fixture)
        for rate in ["0.5", "abc", "1.2345", "200000"] {
            #expect(try run.plan(feeRate: rate).status == 64, "\(rate)")
        }
        #expect(try run.plan(["--max-inputs", "0"]).status == 64)
        #expect(try run.plan(["--psbt-version", "1"]).status == 64)
        #expect(try run.plan(["--network", "moon"]).status == 64)
        // Three transactions cannot go to standard output.
        let outcome = try CustosBinary.run([
            "migrate", "plan", "--descriptor", run.path("descriptor.txt"), "--utxos", run.path("utxos.json"), "--to",
            SweepFixture.destination, "--fee-rate", "5", "--max-inputs", "1",
        ])
        #expect(outcome.status == 64 && outcome.standardError.contains("name the output with -o"))
        // A destination on another network than the wallet's keys.
        #expect(try run.plan(to: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4").status == 1)
        // Inputs that cannot pay the fee.
        let dust = try CeremonyRun(try SweepFixture(kind: .wshSortedMulti, count: 1, amount: 1_500))
        let poor = try dust.plan(feeRate: "10")
        #expect(poor.status == 1 && poor.standardError.contains("dust limit"))
    }
}
