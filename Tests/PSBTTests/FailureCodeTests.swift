import Bitcoin
import BitcoinPSBT
import CustosSupport
import PSBTTestKit
import Testing

/// PSBT failures carry stable codes: a file that is not a PSBT is malformed (exit 2), a role's refusal is refused
/// (exit 1), and each refused signature is its own problem with its input and key.
@Suite("PSBT failure codes")
struct PSBTFailureCodeTests {
    @Test func bytesThatAreNotAPSBTAreMalformed() {
        var decoder = PSBTDecoder()
        let error = #expect(throws: PSBTDecodingError.self) { try decoder.decode(detecting: Array("psbt?".utf8)) }
        #expect(error?.code.name == "psbt.encoding")
        #expect(error?.category == .malformed)
    }

    @Test func combiningDifferentTransactionsIsRefusedWithTheFile() throws {
        let wallet = try TestWallet(kind: .wshSortedMulti, threshold: 2, keyCount: 3, seed: 4)
        let first = try wallet.sweep(inputCount: 1, version: 0)
        let second = try wallet.sweep(inputCount: 2, version: 0)
        let error = #expect(throws: PSBTRoleError.self) {
            try PSBTCombiner.combine([
                NamedPSBT(name: "a.psbt", psbt: first.psbt), NamedPSBT(name: "b.psbt", psbt: second.psbt),
            ])
        }
        let failure = try #require(error)
        #expect(failure.code == PSBTRoleError.Codes.transactionMismatch)
        #expect(failure.code.name == "psbt.transaction.mismatch")
        #expect(failure.category == .refused)
        #expect(failure.context.map(\.key) == ["file"])
    }

    @Test func refusedSignaturesAreProblemsWithInputAndKey() {
        let failure = SignatureFailure(inputIndex: 3, publicKey: "02ab", reason: .sighashNotAllowed(0x83))
        #expect(failure.code.name == "psbt.signature.sighash-not-allowed")
        #expect(!failure.message.contains("--"), "library messages name no command-line option")
        let error = PSBTRoleError.invalidSignatures([failure])
        #expect(error.code.name == "psbt.signature.invalid")
        #expect(error.problems.map(\.code) == [SignatureFailure.Codes.sighashNotAllowed])
        #expect(error.problems.first?.context.map(\.key) == ["input", "key"])
        let fee = PSBTRoleError.feeRateTooHigh(satoshisPerVByte: 5000, limit: 1000)
        #expect(fee.code.name == "psbt.fee.rate-too-high" && !fee.message.contains("--"))
    }
}
