import Bitcoin
import BitcoinPSBT
import CustosTestSupport
import Foundation
import Testing

/// The `custos psbt` contract: exit codes, output forms and the inspect document.
@Suite("custos psbt command line")
struct PSBTCommandLineTests {
    private func coreCombinerFiles(_ folder: TemporaryFolder) throws -> [String] {
        guard let file = try SharedVectors.json("psbt/bitcoin-core/rpc_psbt.json") as? [String: Any],
            let combiner = (file["combiner"] as? [[String: Any]])?.first, let inputs = combiner["combine"] as? [String]
        else { throw TestDataError("rpc_psbt.json combiner") }
        return try inputs.enumerated().map { try folder.write("signer-\($0.offset).psbt", Array($0.element.utf8)) }
    }

    @Test(arguments: [
        ["psbt"], ["psbt", "combine", "one.psbt"], ["psbt", "convert", "x.psbt", "--to", "1"],
        ["psbt", "inspect", "x.psbt", "--network", "moon"], ["psbt", "extract"], ["psbt", "nonsense"],
    ])
    func usageErrorsExit64(_ arguments: [String]) throws {
        let outcome = try CustosBinary.run(arguments)
        #expect(outcome.status == 64, "\(arguments): \(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func unreadableAndInvalidInputsExit2() throws {
        let folder = try TemporaryFolder()
        let garbage = try folder.write("garbage.psbt", Array("hello".utf8))
        for arguments in [
            ["psbt", "inspect", garbage], ["psbt", "finalize", garbage], ["psbt", "extract", garbage],
            ["psbt", "inspect", folder.path("missing.psbt")],
        ] {
            let outcome = try CustosBinary.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.standardError.hasPrefix("custos: "))
        }
        // Truncated PSBT on standard input.
        let files = try coreCombinerFiles(folder)
        let text = try String(contentsOfFile: files[0], encoding: .utf8)
        let truncated = Base64.encode(try #require(Base64.decode(Array(text.utf8))).dropLast(10))
        let outcome = try CustosBinary.run(["psbt", "inspect", "-"], standardInput: Data(truncated.utf8))
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("standard input: not a valid PSBT"))
    }

    @Test func combineWritesBase64OrBinaryAtomically() throws {
        let folder = try TemporaryFolder()
        let files = try coreCombinerFiles(folder)
        let text = try CustosBinary.run(["psbt", "combine"] + files)
        #expect(text.status == 0)
        let combined = try PSBT(base64: text.standardOutput.trimmingCharacters(in: .newlines))
        let binaryPath = folder.path("combined.bin")
        let binary = try CustosBinary.run(["psbt", "combine"] + files + ["--binary", "-o", binaryPath])
        #expect(binary.status == 0 && binary.standardOutput.isEmpty)
        let written = try Array(Data(contentsOf: URL(fileURLWithPath: binaryPath)))
        #expect(written == combined.serialized())
        #expect(written.starts(with: PSBT.magic))
        // No temporary files are left beside the output.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter {
            $0.hasPrefix(".custos-")
        }
        #expect(leftovers.isEmpty)
        // Binary input from standard input works too.
        let inspected = try CustosBinary.run(["psbt", "inspect", "-"], standardInput: Data(written))
        #expect(inspected.status == 0)
    }

    @Test func inspectReportsSignersFeeAndOutputs() throws {
        let folder = try TemporaryFolder()
        let files = try coreCombinerFiles(folder)
        let text = try CustosBinary.run(["psbt", "inspect", files[0], "--network", "regtest"])
        #expect(text.status == 0)
        #expect(
            text.standardOutput.contains(
                "PSBT version 0, unsigned txid 82efd652d7ab1197f01a5f4d9a30cb4c68bb79ab6fec58dfa1bf112291d1617b"))
        #expect(text.standardOutput.contains("fee: 10000 sat"))
        #expect(text.standardOutput.contains("p2sh: 1 of 2 signatures"))
        #expect(text.standardOutput.contains("p2sh-p2wsh: 1 of 2 signatures"))
        #expect(
            text.standardOutput.contains(
                "missing [d90c6a4f/0h/0h/1h]02dab61ff49a14db6a7d02b0cd1fbb78fc4b18312b5b4e54dae4dba2fbfef536d7"))
        #expect(text.standardOutput.contains("bcrt1qmpwzkuwsqc9snjvgdt4czhjsnywa5yjdqpxskv 1.49990000 BTC"))

        let json = try CustosBinary.run(["psbt", "inspect", files[0], "--json", "--network", "regtest"])
        #expect(json.status == 0)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(document["version"] as? Int == 0)
        #expect(document["txid"] as? String == "82efd652d7ab1197f01a5f4d9a30cb4c68bb79ab6fec58dfa1bf112291d1617b")
        #expect(document["fee"] as? Int == 10000)
        #expect(document["complete"] as? Bool == false)
        let inputs = try #require(document["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["required"] as? Int } == [2, 2])
        #expect(inputs.map { $0["finalized"] as? Bool } == [false, false])
        #expect(
            inputs[0]["signatures"] as? [String] == [
                "029583bf39ae0a609747ad199addd634fa6108559d6c5cd39b4c2183f1ab96e07f"
            ])
        let signers = try #require(inputs[0]["signers"] as? [[String: Any]])
        #expect(signers.map { $0["fingerprint"] as? String } == ["d90c6a4f", "d90c6a4f"])
        #expect(signers.map { $0["path"] as? String } == ["m/0h/0h/0h", "m/0h/0h/1h"])
        let outputs = try #require(document["outputs"] as? [[String: Any]])
        #expect(
            outputs.map { $0["address"] as? String } == [
                "bcrt1qmpwzkuwsqc9snjvgdt4czhjsnywa5yjdqpxskv", "bcrt1qqzh2ngh97ru8dfvgma25d6r595wcwqy0cee4cc",
            ])
        #expect(outputs.map { $0["value"] as? Int } == [149_990_000, 100_000_000])
        // Keys come out sorted, so the document is stable for diffing.
        let keys = json.standardOutput.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
            $0.split(separator: "\"")[1]
        }
        #expect(keys == keys.sorted())
    }

    @Test func convertRoundTripsThroughTheBinary() throws {
        let folder = try TemporaryFolder()
        let files = try coreCombinerFiles(folder)
        let version2 = folder.path("v2.psbt")
        #expect(try CustosBinary.run(["psbt", "convert", files[0], "--to", "2", "-o", version2]).status == 0)
        #expect(try PSBT(detecting: Array(Data(contentsOf: URL(fileURLWithPath: version2)))).version == 2)
        let back = try CustosBinary.run(["psbt", "convert", version2, "--to", "0"])
        #expect(back.status == 0)
        let original = try String(contentsOfFile: files[0], encoding: .utf8)
        #expect(back.standardOutput.trimmingCharacters(in: .newlines) == original)
    }
}
