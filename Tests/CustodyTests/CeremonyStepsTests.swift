import Bitcoin
import BitcoinPSBT
import Ceremony
import Custody
import CustosCrypto
import CustosTestSupport
import Foundation
import PSBTTestKit
import Secp256k1
import Testing

/// The ceremony steps as the library runs them for the CLI and the lab: the transaction they extract is judged by
/// Bitcoin Core's interpreter (py-bitcoinkernel), not by Custos, and every refusal is the step's, not the caller's.
@Suite("Custody: the migration ceremony's steps")
struct CeremonyStepsTests {
    static let kinds: [TestWallet.Kind] = [.wshSortedMulti, .shWshSortedMulti, .shSortedMulti, .trSortedMultiA]

    /// A 2-of-3 sweep of `inputs` outputs and the copies cosigners 0 and 2 signed, as files.
    static func signedCopies(
        _ kind: TestWallet.Kind, inputs: Int = 3
    ) throws -> (wallet: TestWallet, spend: TestWallet.Spend, copies: [CeremonyFile]) {
        let wallet = try TestWallet(kind: kind, threshold: 2, keyCount: 3, seed: 21)
        let spend = try wallet.sweep(inputCount: inputs, version: 0)
        let copies = try [0, 2].map { index in
            let signed = try wallet.signedCopy(of: spend.psbt, by: index)
            return CeremonyFile(name: "cosigner-\(index).psbt", bytes: signed.serialized(), psbt: signed)
        }
        return (wallet, spend, copies)
    }

    static func file(_ psbt: PSBT, _ name: String) -> CeremonyFile {
        CeremonyFile(name: name, bytes: psbt.serialized(), psbt: psbt)
    }

    @Test(arguments: kinds)
    func combineFinalizeExtractGiveATransactionBitcoinCoreAccepts(kind: TestWallet.Kind) throws {
        let (_, spend, copies) = try Self.signedCopies(kind)
        let rules = CeremonyRules()
        let combined = try CeremonySteps.combine(copies, rules: rules)
        let finalized = try CeremonySteps.finalize(Self.file(combined.product, "combined.psbt"), rules: rules)
        let extracted = try CeremonySteps.extract(Self.file(finalized.product, "final.psbt"), rules: rules)
        let hex = extracted.product.serialized().hexString
        let verdict = try KernelOracle.verify(
            transactionHex: hex, spentOutputs: spend.spentOutputs.map { ($0.scriptPubKey.bytes.hexString, $0.value) })
        #expect(verdict.allValid, "\(kind): \(verdict.inputs.compactMap(\.error))")
        #expect(verdict.txid == extracted.product.txid.description)
        // Each step says what it leaves unchecked without a policy, and its audit entry says there was none.
        for (step, warnings, record) in [
            ("combine", combined.warnings, combined.record), ("finalize", finalized.warnings, finalized.record),
            ("extract", extracted.warnings, extracted.record),
        ] {
            #expect(warnings.filter { $0.contains("without a migration policy") }.count == 1, "\(step)")
            #expect(record.action == step)
            #expect(record.policy == nil)
            #expect(record.txids.count == 1)
        }
        #expect(combined.record.inputs.map(\.file) == ["cosigner-0.psbt", "cosigner-2.psbt"])
        #expect(extracted.record.txids == [extracted.product.txid.description])
        #expect(extracted.record.details["wtxid"] == extracted.product.wtxid.description)
    }

    /// One cosigner short: combine succeeds (it checks what is there), finalize refuses naming what is missing.
    @Test func finalizeRefusesWhenAQuorumIsMissing() throws {
        let (_, _, copies) = try Self.signedCopies(.wshSortedMulti)
        let combined = try CeremonySteps.combine([copies[0]], rules: CeremonyRules())
        #expect(throws: PSBTRoleError.self) {
            try CeremonySteps.finalize(Self.file(combined.product, "one.psbt"), rules: CeremonyRules())
        }
    }

    /// A signature with one byte changed is refused by combine, naming the file that carries it.
    @Test func combineRefusesABadSignatureNamingItsFile() throws {
        let (_, _, copies) = try Self.signedCopies(.wshSortedMulti)
        var broken = copies[1].psbt
        let record = try #require(
            broken.inputs[0].map.records.first { $0.type == 0x02 }, "a partial signature in input 0")
        let signature = try ECDSASignature(der: Array(record.value.dropLast()))
        // One bit of r flipped: still strict DER, no longer a signature of this sighash.
        broken.inputs[0].addPartialSignature(
            publicKey: try PublicKey(bytes: Array(record.keyData)),
            signature: try SignatureTampering.flippedR(signature).der + [record.value.last ?? 0x01])
        let error = try #require(throws: PSBTRoleError.self) {
            try CeremonySteps.combine([copies[0], Self.file(broken, "tampered.psbt")], rules: CeremonyRules())
        }
        #expect("\(error)".contains("tampered.psbt"))
    }

    /// The policy is enforced by the step itself: a destination it does not allow is refused at combine, and its
    /// SHA-256 is in every audit entry when it allows the sweep.
    @Test func thePolicyIsEnforcedAndRecorded() throws {
        let (wallet, spend, copies) = try Self.signedCopies(.wshSortedMulti)
        let destination = try Address(
            scriptPubKey: spend.psbt.unsignedTransaction().outputs[0].scriptPubKey, network: .regtest)
        let other = Address(kind: .witness(version: 0, program: SHA256.hash(Array("attacker".utf8))), network: .regtest)
        let fingerprints = try wallet.masters.map { try $0.fingerprint.description }
        func policy(allowing address: String) throws -> CeremonyPolicy {
            let text = """
                {"version": 1, "network": "regtest", "allowed_destinations": ["\(address)"],
                 "max_fee_rate_sat_vb": 200, "max_fee_sat": 50000000,
                 "required_cosigners": [\(fingerprints.map { "\"\($0)\"" }.joined(separator: ", "))],
                 "quorum": 2, "expires": "2099-12-31T00:00:00Z"}
                """
            return try CeremonyPolicy.parse(Array(text.utf8), source: "policy.json")
        }
        let refusing = try policy(allowing: other.description)
        let refusal = try #require(throws: CeremonyError.self) {
            try CeremonySteps.combine(copies, rules: CeremonyRules(policy: refusing))
        }
        #expect("\(refusal)".contains(destination.description))

        let allowing = try policy(allowing: destination.description)
        let rules = CeremonyRules(policy: allowing)
        let combined = try CeremonySteps.combine(copies, rules: rules)
        let finalized = try CeremonySteps.finalize(Self.file(combined.product, "combined.psbt"), rules: rules)
        let extracted = try CeremonySteps.extract(Self.file(finalized.product, "final.psbt"), rules: rules)
        for step in [combined.record, finalized.record, extracted.record] {
            #expect(step.policy?.sha256 == allowing.sha256)
        }
        #expect(combined.warnings.allSatisfy { !$0.contains("without a migration policy") })
        #expect(Set(combined.record.signers) == Set([fingerprints[0], fingerprints[2]]))
    }

    /// SIGHASH_NONE lets anyone redirect the funds: refused unless the rules allow any hash type, and then the
    /// loosening flag is in the audit entry.
    @Test func aNonDefaultHashTypeNeedsTheLooseningFlag() throws {
        let wallet = try TestWallet(kind: .wshSortedMulti, threshold: 2, keyCount: 3, seed: 21)
        let spend = try wallet.sweep(inputCount: 1, version: 0)
        let copies = try [0, 1].map { index in
            var copy = spend.psbt
            var signer = try TestSigner(masters: [wallet.masters[index]])
            signer.hashType = SighashType.none.rawValue
            try signer.sign(&copy)
            return Self.file(copy, "none-\(index).psbt")
        }
        #expect(throws: PSBTRoleError.self) { try CeremonySteps.combine(copies, rules: CeremonyRules()) }
        let loose = CeremonyRules(
            signatures: PartialSignatureVerifier(allowAnySighash: true), flags: ["--allow-sighash"])
        let combined = try CeremonySteps.combine(copies, rules: loose)
        #expect(combined.record.flags == ["--allow-sighash"])
    }

    /// A replacement pays more from the same inputs, says what it replaces, and warns that no policy capped it.
    @Test func bumpNeedsNewSignaturesAndRecordsWhatItReplaces() throws {
        let (_, spend, _) = try Self.signedCopies(.wshSortedMulti)
        let original = try spend.psbt.unsignedTransaction().txid
        let bumped = try CeremonySteps.bump(
            Self.file(spend.psbt, "sweep.psbt"), feeRate: try #require(FeeRate("40")), rules: CeremonyRules())
        #expect(bumped.product.replaces == original)
        #expect(bumped.product.fee > (try spend.psbt.fee() ?? 0))
        #expect(bumped.record.details["replaces"] == original.description)
        #expect(bumped.record.txids == [bumped.product.txid.description])
        #expect(bumped.warnings.count == 1)
    }
}
