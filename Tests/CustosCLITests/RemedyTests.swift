import BitcoinPSBT
import CustosSupport
import Testing

@testable import CustosCLI

/// Library messages name no option; the CLI adds the remedy that names one, by code.
@Suite("CLI remedies by failure code")
struct RemedyTests {
    @Test func optionsThatOverrideARefusalAreNamedByTheCLI() {
        let fee = PSBTRoleError.feeRateTooHigh(satoshisPerVByte: 900, limit: 500)
        #expect(!fee.message.contains("--allow-high-fee"))
        #expect(Remedy.text(for: fee)?.contains("--allow-high-fee") == true)
        let sighash = PSBTRoleError.invalidSignatures([
            SignatureFailure(source: "b.psbt", inputIndex: 0, publicKey: "02ab", reason: .sighashNotAllowed(3))
        ])
        #expect(!sighash.message.contains("--allow-sighash"))
        #expect(Remedy.text(for: sighash)?.contains("--allow-sighash") == true)
        let wrapped = ContextualFailure(doing: "combine", underlying: sighash)
        #expect(Remedy.text(for: wrapped)?.contains("--allow-sighash") == true)
        #expect(ExitStatus(wrapped.category) == .rejected)
    }

    @Test func failuresWithoutAnOverrideGetNoRemedy() {
        #expect(Remedy.text(for: PSBTRoleError.nothingToCombine) == nil)
        #expect(Remedy.text(for: FileError.missing(path: "a", reason: "No such file or directory")) == nil)
    }
}
