import Bitcoin
import BitcoinPSBT
import CustosCrypto
import CustosTestSupport
import Foundation
import PSBTTestKit
import Secp256k1
import Testing

/// The refusals issue 3 asks for at combine, through the built binary: each names the file, the input and the key.
@Suite("custos psbt combine refuses bad cosigner files")
struct CombineRefusalTests {
    struct Setup {
        let wallet: TestWallet
        let spend: TestWallet.Spend
        let folder: TemporaryFolder
        let good: String
        var bad: PSBT
        /// Input 1's key of the cosigner whose file gets tampered with, and its signature.
        let key: [UInt8]
        let signature: [UInt8]
    }

    private func setup(kind: TestWallet.Kind = .wshSortedMulti) throws -> Setup {
        let wallet = try TestWallet(kind: kind, threshold: 2, keyCount: 3, seed: 9)
        let spend = try wallet.sweep(inputCount: 2, version: 0)
        let folder = try TemporaryFolder()
        let good = try folder.write("cosigner-a.psbt", try wallet.signedCopy(of: spend.psbt, by: 0).serialized())
        let bad = try wallet.signedCopy(of: spend.psbt, by: 1)
        let key: [UInt8]
        let signature: [UInt8]
        if kind.isTaproot {
            let entry = try #require(bad.inputs[1].tapScriptSignatures.first)
            (key, signature) = (entry.xOnlyKey, entry.signature)
        } else {
            let entry = try #require(bad.inputs[1].partialSignatures.first)
            (key, signature) = (entry.publicKey, entry.signature)
        }
        return Setup(wallet: wallet, spend: spend, folder: folder, good: good, bad: bad, key: key, signature: signature)
    }

    private func combine(_ setup: Setup, extra: [String] = []) throws -> CustosBinary.Outcome {
        let badFile = try setup.folder.write("cosigner-b.psbt", setup.bad.serialized())
        return try CustosBinary.run(
            ["psbt", "combine", setup.good, badFile] + extra + ["-o", setup.folder.path("out.psbt")])
    }

    private func expectRefusal(_ outcome: CustosBinary.Outcome, _ setup: Setup, mentioning reason: String) {
        #expect(outcome.status == 1, "exit status \(outcome.status): \(outcome.standardError)")
        #expect(outcome.standardError.contains("cosigner-b.psbt"), "names the file: \(outcome.standardError)")
        #expect(outcome.standardError.contains("input 1"), "names the input: \(outcome.standardError)")
        #expect(outcome.standardError.contains(setup.key.hexString), "names the key: \(outcome.standardError)")
        #expect(outcome.standardError.contains(reason), "says why: \(outcome.standardError)")
        #expect(!FileManager.default.fileExists(atPath: setup.folder.path("out.psbt")), "nothing written")
    }

    @Test func corruptedSignature() throws {
        var setup = try setup()
        // Flip a bit inside s: still strict DER, no longer a signature of this sighash.
        var signature = setup.signature
        signature[signature.count - 3] ^= 0x01
        setup.bad.inputs[1].addPartialSignature(publicKey: try PublicKey(bytes: setup.key), signature: signature)
        expectRefusal(try combine(setup), setup, mentioning: "does not verify")
    }

    @Test func corruptedTaprootSignature() throws {
        var setup = try setup(kind: .trSortedMultiA)
        var signature = setup.signature
        signature[10] ^= 0x80
        let leaf = try #require(setup.bad.inputs[1].tapScriptSignatures.first?.leafHash)
        setup.bad.inputs[1].addTapScriptSignature(xOnlyKey: setup.key, leafHash: leaf, signature: signature)
        expectRefusal(try combine(setup), setup, mentioning: "does not verify")
    }

    @Test func signatureNotInStrictDEREncoding() throws {
        var setup = try setup()
        var signature = setup.signature
        signature[1] &+= 1  // the DER length no longer matches
        setup.bad.inputs[1].addPartialSignature(publicKey: try PublicKey(bytes: setup.key), signature: signature)
        let outcome = try combine(setup)
        // Bitcoin Core refuses such a PSBT as undecodable; so does Custos (exit 2), still naming input and key.
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("cosigner-b.psbt") && outcome.standardError.contains("input 1"))
        #expect(outcome.standardError.contains(setup.key.hexString))
    }

    @Test func highSSignature() throws {
        var setup = try setup()
        let der = Array(setup.signature.dropLast())
        let parsed = try ECDSASignature(der: der)
        let high = try SignatureTampering.highS(parsed)
        #expect(!high.isLowS)
        setup.bad.inputs[1].addPartialSignature(
            publicKey: try PublicKey(bytes: setup.key), signature: high.der + [0x01])
        expectRefusal(try combine(setup), setup, mentioning: "high-S")
    }

    @Test func sighashByteNotAllowed() throws {
        var setup = try setup()
        // A genuine signature under SIGHASH_NONE: valid, but it lets anyone redirect the funds.
        var signer = try TestSigner(masters: [setup.wallet.masters[1]])
        signer.hashType = SighashType.none.rawValue
        var copy = setup.spend.psbt
        try signer.sign(&copy)
        setup.bad = copy
        let refused = try combine(setup)
        expectRefusal(refused, setup, mentioning: "sighash type NONE is not allowed")
        // With --allow-sighash the same (valid) signature is accepted.
        let allowed = try combine(setup, extra: ["--allow-sighash"])
        #expect(allowed.status == 0, "\(allowed.standardError)")
    }

    @Test func sighashByteDiffersFromTheInputField() throws {
        var setup = try setup()
        var signer = try TestSigner(masters: [setup.wallet.masters[1]])
        signer.hashType = SighashType.allAnyoneCanPay.rawValue
        var copy = setup.spend.psbt
        try signer.sign(&copy)
        copy.inputs[1].setSighashType(SighashType.all.rawValue)
        setup.bad = copy
        var good = try PSBT(detecting: try Array(Data(contentsOf: URL(fileURLWithPath: setup.good))))
        good.inputs[1].setSighashType(SighashType.all.rawValue)
        try setup.folder.write("cosigner-a.psbt", good.serialized())
        expectRefusal(
            try combine(setup, extra: ["--allow-sighash"]), setup,
            mentioning: "signature sighash type ALL|ANYONECANPAY differs from the input's PSBT_IN_SIGHASH_TYPE ALL")
    }

    @Test func cosignerFileForAnotherTransaction() throws {
        let setup = try setup()
        // The same wallet, but a different sweep (another fee rate): another transaction.
        let other = try setup.wallet.sweep(inputCount: 2, version: 0, feeRate: 11)
        let otherFile = try setup.folder.write(
            "cosigner-b.psbt", try setup.wallet.signedCopy(of: other.psbt, by: 1).serialized())
        let outcome = try CustosBinary.run(["psbt", "combine", setup.good, otherFile])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("cosigner-b.psbt: describes transaction"))
        #expect(outcome.standardError.contains(try other.psbt.uniqueID().description))
        #expect(outcome.standardError.contains(try setup.spend.psbt.uniqueID().description))
    }

    @Test func versionMismatchAndConflictingValues() throws {
        var setup = try setup()
        let converted = try PSBTVersionConverter.convert(setup.bad, to: 2)
        let versionFile = try setup.folder.write("cosigner-v2.psbt", converted.serialized())
        let mixed = try CustosBinary.run(["psbt", "combine", setup.good, versionFile])
        #expect(mixed.status == 1)
        #expect(mixed.standardError.contains("cosigner-v2.psbt: PSBT version 2 differs from version 0"))

        setup.bad.inputs[0].setWitnessScript(Script([0x51]))
        let conflict = try combine(setup)
        #expect(conflict.status == 1)
        #expect(conflict.standardError.contains("cosigner-b.psbt: input 0: conflicting values for key 05"))
    }
}
