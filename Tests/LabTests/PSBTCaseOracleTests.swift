import Bitcoin
import BitcoinPSBT
import CustosTestSupport
import Foundation
import Testing

/// The expected outputs of the `psbt-role` cases come from Custos' own roles (PSBTCaseGenerator), so they are
/// judged here by tools that share no code with Custos: embit merges the cosigners' files and must get the expected
/// combined PSBT and the same signatures, embit's finalizer must build the same transaction where it can (P2WSH),
/// and Bitcoin Core's script interpreter (py-bitcoinkernel) must accept every extracted transaction and give the
/// txid the case expects.
@Suite("PSBT lab cases against embit and Bitcoin Core")
struct PSBTCaseOracleTests {
    static let vectors = PackagePaths.root.appendingPathComponent("Vectors")

    private struct EmbitReport: Decodable {
        struct Chain: Decodable {
            let name: String
            let combined_equal: Bool
            let differences: [String]
            let signatures: [String: [String]]
            let signers: [String: [String]]
            let embit_transaction: String?
            let finalized_transaction: String?
            let txid: String?
        }

        let chains: [Chain]
    }

    private struct KernelVerdict: Decodable {
        struct Input: Decodable {
            let valid: Bool
            let error: String?
        }

        let txid: String
        let inputs: [Input]
    }

    private struct CaseFile: Decodable {
        struct Expected: Decodable {
            struct Signature: Decodable {
                let input: Int
                let pubkey: String
            }

            let txid: String?
            let signatures: [Signature]?
        }

        let expected: Expected
    }

    private static func caseFile(_ name: String) throws -> CaseFile {
        try JSONDecoder().decode(
            CaseFile.self, from: Data(contentsOf: vectors.appendingPathComponent("psbt/cases/\(name).case.json")))
    }

    private static func text(_ path: String) throws -> String {
        try String(contentsOf: vectors.appendingPathComponent(path), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func embitReport(_ chains: [PSBTCaseGenerator.Chain]) throws -> EmbitReport {
        let request: [String: Any] = [
            "chains": chains.map { chain in
                [
                    "name": chain.name,
                    "cosigners": chain.cosigners.map { "Vectors/psbt/\(chain.folder)/\($0.file)" },
                    "combined": "Vectors/psbt/\(chain.folder)-outputs/combined.psbt",
                    "finalized": "Vectors/psbt/\(chain.folder)-outputs/finalized.psbt",
                    "transaction": "Vectors/psbt/\(chain.folder)-outputs/transaction.hex",
                    // embit's finalizer builds P2WSH multisig witnesses only.
                    "embit_finalizes": chain.wallet.kind == .wshSortedMulti,
                ] as [String: Any]
            }
        ]
        let outcome = try PythonOracle.run(
            script: "Tests/LabTests/Oracles/psbt_embit.py", [],
            standardInput: try JSONSerialization.data(withJSONObject: request))
        #expect(outcome.status == 0, "\(outcome.standardOutput) \(outcome.standardError)")
        return try JSONDecoder().decode(EmbitReport.self, from: Data(outcome.standardOutput.utf8))
    }

    @Test func embitMergesAndFinalizesTheSameWay() throws {
        let chains = try PSBTCaseGenerator.generate().chains
        let report = try Self.embitReport(chains)
        #expect(report.chains.count == chains.count)
        var finalizedByEmbit = 0
        for (chain, judged) in zip(chains, report.chains) {
            #expect(judged.combined_equal, "\(chain.name): \(judged.differences)")
            // The combine case lists exactly the signatures embit found in the expected combined PSBT.
            let listed = try Self.caseFile("\(chain.name)-combine").expected.signatures ?? []
            var byInput: [String: [String]] = [:]
            for signature in listed { byInput[String(signature.input), default: []].append(signature.pubkey) }
            #expect(byInput.mapValues { $0.sorted() } == judged.signatures, "\(chain.name)")
            if let transaction = judged.embit_transaction {
                let expected = try Self.text("psbt/\(chain.folder)-outputs/transaction.hex")
                #expect(transaction == expected, "\(chain.name): embit finalizes the combined PSBT differently")
                #expect(judged.finalized_transaction == expected, "\(chain.name): the finalized PSBT differs")
                let expectedTxid = try Self.caseFile("\(chain.name)-extract").expected.txid
                #expect(judged.txid == expectedTxid)
                finalizedByEmbit += 1
            }
        }
        #expect(finalizedByEmbit == 1)
        reportVectorCount(
            "PSBT lab chains merged by embit (\(finalizedByEmbit) also finalized by embit)",
            passed: report.chains.count,
            total: chains.count)
    }

    /// The combine cases' evidence names, per input, the keys that signed with the origins (fingerprint and path)
    /// embit reads from the same PSBT.
    @Test func theEvidenceNamesTheSignersEmbitFinds() async throws {
        let chains = try PSBTCaseGenerator.generate().chains
        let report = try Self.embitReport(chains)
        let run = try await LabFixtures.run(LabFixtures.vectors, filter: "psbt/*/combine")
        #expect(run.results.count == chains.count && run.failed == 0)
        var named = 0
        for (chain, judged) in zip(chains, report.chains) {
            let result = try LabFixtures.result(run, "psbt/\(chain.name)/combine")
            #expect(LabFixtures.evidence(result, "signers of") == "the combined PSBT")
            for (input, signers) in judged.signers {
                let evidence = try #require(LabFixtures.evidence(result, "input \(input)"), "\(chain.name) \(input)")
                let signed = evidence.components(separatedBy: "; missing ").first ?? ""
                #expect(signers.count == 2)
                for signer in signers {
                    #expect(signed.contains(signer + " ("), "\(chain.name) input \(input): \(evidence) lacks \(signer)")
                    named += 1
                }
                #expect(evidence.contains("2 of 2 required signatures"), "\(evidence)")
            }
        }
        reportVectorCount("PSBT lab signers named as embit reads them", passed: named, total: named)
        #expect(named == 10)
    }

    @Test func bitcoinCoreAcceptsEveryExtractedTransaction() throws {
        let chains = try PSBTCaseGenerator.generate().chains
        var accepted = 0
        for chain in chains {
            let hex = try Self.text("psbt/\(chain.folder)-outputs/transaction.hex")
            let transaction = try Transaction(serialized: try hexBytes(hex))
            let funding = chain.spend.funding
            #expect(transaction.inputs.allSatisfy { $0.previousOutput.txid == funding.txid })
            let spent = transaction.inputs.map { funding.outputs[Int($0.previousOutput.index)] }
            let request: [String: Any] = [
                "transaction": hex,
                "spent_outputs": spent.map { ["script_pubkey": $0.scriptPubKey.bytes.hexString, "amount": $0.value] },
            ]
            let outcome = try PythonOracle.run(
                script: "Tests/Oracles/verify_transaction.py", [],
                standardInput: try JSONSerialization.data(withJSONObject: request))
            let verdict = try JSONDecoder().decode(KernelVerdict.self, from: Data(outcome.standardOutput.utf8))
            let expectedTxid = try Self.caseFile("\(chain.name)-extract").expected.txid
            let valid = verdict.inputs.filter(\.valid).count
            let errors = verdict.inputs.compactMap(\.error)
            #expect(verdict.inputs.count == transaction.inputs.count)
            #expect(valid == transaction.inputs.count, "\(chain.name): \(errors)")
            #expect(verdict.txid == expectedTxid, "\(chain.name)")
            if outcome.status == 0 && valid == transaction.inputs.count { accepted += 1 }
        }
        #expect(accepted == chains.count)
        reportVectorCount("PSBT lab transactions accepted by Bitcoin Core", passed: accepted, total: chains.count)
    }
}
