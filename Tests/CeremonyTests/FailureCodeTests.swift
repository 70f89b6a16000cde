import Bitcoin
import BitcoinPSBT
import Ceremony
import CustosSupport
import Foundation
import PSBTTestKit
import Testing

@Suite("Ceremony failure codes")
struct CeremonyFailureCodeTests {
    @Test func policyRulesHaveTheirOwnCodes() {
        let violation = PolicyViolation(.allowedDestinations, "output 0 pays bc1q...")
        #expect(violation.code.name == "policy.destination")
        #expect(CeremonyError.policy(violation).code == PolicyViolation.Codes.destination)
        #expect(CeremonyError.policy(violation).category == .refused)
        #expect(PolicyViolation(.quorum, "1 of 2").code.name == "policy.quorum")
        #expect(CeremonyError.psbt(.nothingToCombine).code == PSBTRoleError.Codes.nothingToCombine)
    }

    @Test func anUnreadablePolicyIsMalformed() {
        let error = #expect(throws: CeremonyError.self) {
            try CeremonyPolicy.parse(Array("{\"network\": ".utf8), source: "policy.json")
        }
        #expect(error?.code.name == "ceremony.input.malformed")
        #expect(error?.category == .malformed)
    }

    /// Editing the first entry breaks the link the second one holds.
    @Test func anEditedAuditLogBreaksTheChainAtItsEntry() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("custos-codes-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = AuditLog(path: path)
        for action in ["plan", "combine"] {
            _ = try log.append(AuditRecord(action: action), tool: "test")
        }
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"plan\"", with: "\"bump\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: AuditLogError.self) { try log.verify() }
        #expect(error?.code.name == "audit.chain.broken")
        #expect(error?.context.map(\.key) == ["entry"])
    }

    @Test func filesOfDifferentTransactionsFailTheStatusWithTheCombinersCode() throws {
        let wallet = try TestWallet(kind: .wshSortedMulti, threshold: 2, keyCount: 3, seed: 5)
        let status = try CeremonyStatus(
            [
                NamedPSBT(name: "a.psbt", psbt: try wallet.sweep(inputCount: 1, version: 0).psbt),
                NamedPSBT(name: "b.psbt", psbt: try wallet.sweep(inputCount: 2, version: 0).psbt),
            ], network: .testnet)
        let failure = try #require(status.failure)
        #expect(failure.code == PSBTRoleError.Codes.transactionMismatch)
        #expect(failure.message.contains("2 different transactions"))
    }
}
