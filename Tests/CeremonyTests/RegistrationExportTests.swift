import Bitcoin
import Ceremony
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

/// Device registration files: the Coldcard setup file against Caravan's real Coldcard files for the same wallets,
/// and every descriptor and check address against embit.
@Suite("device registration exports")
struct RegistrationExportTests {
    struct CaravanConfig: Decodable {
        struct Key: Decodable {
            let bip32Path: String
            let xpub: String
            let xfp: String
        }
        struct Quorum: Decodable {
            let requiredSigners: Int
        }
        let addressType: String
        let quorum: Quorum
        let extendedPublicKeys: [Key]
    }

    /// Caravan's wallet configs (its own JSON) turned into descriptors, exported by Custos, must say what Caravan's
    /// Coldcard files for the same wallets say, read with Coldcard's rules.
    @Test func coldcardFileMatchesCaravansColdcardFiles() throws {
        let pairs = [
            ("wc-p2sh_m", "bitcoin-2-of-2-P2SH_MAINNET"), ("wc-p2sh_t", "bitcoin-2-of-2-P2SH_TESTNET"),
            ("wc-p2sh-p2wsh_m", "bitcoin-2-of-2-P2SH-P2WSH_MAINNET"),
            ("wc-p2sh-p2wsh_t", "bitcoin-2-of-2-P2SH-P2WSH_TESTNET"),
            ("wc-p2wsh_m", "bitcoin-2-of-2-P2WSH_MAINNET"), ("wc-p2wsh_t", "bitcoin-2-of-2-P2WSH_TESTNET"),
        ]
        var matched = 0
        for (coldcard, caravan) in pairs {
            let expected = try ColdcardFileReader(
                String(decoding: try SharedVectors.data("psbt/caravan/coldcard-config/\(coldcard).txt"), as: UTF8.self))
            let config = try SharedVectors.decode(
                CaravanConfig.self, from: "psbt/caravan/caravan-config/\(caravan).json")
            let keys = config.extendedPublicKeys.map { key in
                "[\(key.xfp)/\(key.bip32Path.dropFirst(2).replacingOccurrences(of: "'", with: "h"))]\(key.xpub)/<0;1>/*"
            }.joined(separator: ",")
            let multi = "sortedmulti(\(config.quorum.requiredSigners),\(keys))"
            let body: String
            switch config.addressType {
            case "P2SH": body = "sh(\(multi))"
            case "P2SH-P2WSH": body = "sh(wsh(\(multi)))"
            default: body = "wsh(\(multi))"
            }
            let wallet = try CeremonyWallet(descriptors: [body + "#" + (DescriptorChecksum.compute(body) ?? "")])
            let text = try ColdcardSetupFile.render(wallet: wallet, name: try #require(expected.name), tool: "test")
            let exported = try ColdcardFileReader(text)
            #expect(exported == expected, "\(coldcard): \(text)")
            if exported == expected { matched += 1 }
        }
        reportVectorCount("Coldcard setup files vs Caravan's", passed: matched, total: pairs.count)
    }

    /// Addresses and descriptors in the per-cosigner files, derived independently by embit.
    @Test(arguments: [TestWallet.Kind.wshSortedMulti, .shSortedMulti, .shWshSortedMulti, .trSortedMultiA, .wshMulti])
    func cosignerFilesAgreeWithEmbit(_ kind: TestWallet.Kind) throws {
        let fixture = try SweepFixture(kind: kind, count: 1)
        let folder = try CeremonyFolder()
        try fixture.writeInputs(to: folder)
        let export = try CustosBinary.run([
            "migrate", "export", "--descriptor", folder.path("descriptor.txt"), "--name", "vault-7", "--out-dir",
            folder.path("registration"), "--network", "regtest",
        ])
        try #require(export.status == 0, "\(export.standardError)")
        let coldcard = kind == .wshSortedMulti || kind == .shSortedMulti || kind == .shWshSortedMulti
        #expect(folder.exists("registration/vault-7-coldcard.txt") == coldcard)
        if !coldcard { #expect(export.standardError.contains("no Coldcard setup file")) }
        var checked = 0
        for fingerprint in fixture.fingerprints {
            let text = try folder.read("registration/vault-7-\(fingerprint).txt")
            #expect(text.contains("cosigner: \(fingerprint)"))
            func value(_ label: String) -> String? {
                text.split(separator: "\n").first { $0.hasPrefix(label + ": ") }.map {
                    String($0.dropFirst(label.count + 2))
                }
            }
            let descriptor = try #require(value("descriptor"))
            #expect(descriptor == fixture.wallet.descriptor.description)
            var requests: [[String: Any]] = []
            for (label, branch) in [("receive", 0), ("change", 1)] {
                requests.append(["descriptor": descriptor, "branch": branch, "indexes": [0, 1]])
                requests.append(["descriptor": try #require(value("\(label) descriptor")), "indexes": [0, 1]])
            }
            let results = try Self.embit(requests)
            #expect(results.allSatisfy { $0.checksumOK })
            for (offset, label) in ["receive", "change"].enumerated() {
                let addresses = results[offset * 2].addresses
                #expect(results[offset * 2 + 1].addresses == addresses)
                #expect(value("\(label) address 0") == addresses[0])
                #expect(value("\(label) address 1") == addresses[1])
                checked += 2
            }
        }
        reportVectorCount("registration addresses vs embit (\(kind))", passed: checked, total: checked)
    }

    /// The scripts the planner derives for the bundled demo's UTXOs are the addresses embit derives.
    @Test func demoUTXOScriptsAgreeWithEmbit() throws {
        let root = PackagePaths.root.appendingPathComponent("Vectors/ceremony/demo")
        let descriptor = try String(contentsOf: root.appendingPathComponent("descriptor.txt"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let utxos = try UTXO.parseList(Array(try Data(contentsOf: root.appendingPathComponent("utxos.json"))))
        let results = try Self.embit(
            utxos.map { ["descriptor": descriptor, "branch": $0.isChange ? 1 : 0, "indexes": [Int($0.index)]] })
        for (utxo, result) in zip(utxos, results) {
            let previous = try #require(utxo.previousTransaction)
            let address = try Address(
                scriptPubKey: previous.outputs[Int(utxo.outpoint.index)].scriptPubKey, network: .regtest)
            #expect(result.addresses == [address.description])
        }
        reportVectorCount("demo UTXO scripts vs embit", passed: utxos.count, total: utxos.count)
    }

    @Test func exportRefusesWhatCannotBeRegistered() throws {
        let fixture = try SweepFixture(kind: .wshSortedMulti, count: 1)
        let folder = try CeremonyFolder()
        try fixture.writeInputs(to: folder)
        let badName = try CustosBinary.run([
            "migrate", "export", "--descriptor", folder.path("descriptor.txt"), "--name", "my vault", "--out-dir",
            folder.path("out"),
        ])
        #expect(badName.status == 1)
        #expect(!folder.exists("out"))
        // Receive-only descriptors with another branch than /0/*: no Coldcard file.
        let single = fixture.wallet.descriptor.singlePathText(0).replacingOccurrences(of: "/0/*", with: "/5/*")
        let wallet = try CeremonyWallet(descriptors: [single + "#" + (DescriptorChecksum.compute(single) ?? "")])
        #expect(throws: CeremonyError.self) { try ColdcardSetupFile.render(wallet: wallet, name: "x", tool: "t") }
    }

    struct EmbitResult {
        let checksumOK: Bool
        let addresses: [String]
    }

    static func embit(_ requests: [[String: Any]]) throws -> [EmbitResult] {
        let outcome = try PythonOracle.run(
            script: "Tests/Oracles/descriptor_addresses.py", [],
            standardInput: try JSONSerialization.data(withJSONObject: ["network": "regtest", "requests": requests]))
        let document = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        guard let results = document?["results"] as? [[String: Any]] else {
            throw TestDataError("embit: \(outcome.standardOutput) \(outcome.standardError)")
        }
        return results.map {
            EmbitResult(checksumOK: $0["checksum_ok"] as? Bool ?? false, addresses: $0["addresses"] as? [String] ?? [])
        }
    }
}
