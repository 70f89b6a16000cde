import Bitcoin
import BitcoinPSBT
import CustosCrypto
import CustosTestSupport
import Foundation
import PSBTTestKit
import Secp256k1
import Testing

/// Finalized inputs are checked, never trusted: the broken-finalized corpus (Vectors/psbt/broken-finalized, written
/// by `BrokenFinalized`) is refused by every role and every command, while every finalized input Custos accepts is
/// one Bitcoin Core's interpreter (py-bitcoinkernel) accepts too.
@Suite("finalized inputs are verified")
struct FinalizedInputTests {
    static let folder = PackagePaths.root.appendingPathComponent("Vectors/psbt/broken-finalized")

    /// The signed transaction a finalized PSBT holds, extracted with no check at all (what a careless extractor
    /// would broadcast), for the kernel to judge.
    static func rawTransaction(_ psbt: PSBT) throws -> Transaction {
        var transaction = try psbt.unsignedTransaction()
        for index in psbt.inputs.indices {
            transaction.inputs[index].scriptSig = psbt.inputs[index].finalScriptSig ?? Script()
            transaction.inputs[index].witness = psbt.inputs[index].finalScriptWitness ?? []
        }
        return transaction
    }

    static func kernelAccepts(_ psbt: PSBT) throws -> Bool {
        let transaction = try rawTransaction(psbt)
        let spent = try #require(psbt.spentOutputs(in: try psbt.unsignedTransaction()))
        return try KernelOracle.verify(transactionHex: transaction.serialized().hexString, spentOutputs: spent).allValid
    }

    static func index(_ corpus: [BrokenFinalized.Case]) -> String {
        var lines = ["file\tkind\twhat\tconsensus (Bitcoin Core)"]
        for item in corpus {
            lines.append(
                "\(item.name).psbt\t\(item.kind)\t\(item.breakage.what)\t"
                    + (item.consensusValid ? "valid (refused by Custos's stricter rules)" : "invalid"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func corpusFilesEqualTheirGenerator() throws {
        let corpus = try BrokenFinalized.corpus()
        var files = Dictionary(uniqueKeysWithValues: corpus.map { ("\($0.name).psbt", $0.psbt.base64 + "\n") })
        files["INDEX.tsv"] = Self.index(corpus)
        if ProcessInfo.processInfo.environment["CUSTOS_REGENERATE_BROKEN_FINALIZED"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            for (name, contents) in files {
                try Data(contents.utf8).write(to: Self.folder.appendingPathComponent(name))
            }
        }
        let committed = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0 != "README.md"
        }
        #expect(Set(committed) == Set(files.keys))
        for (name, contents) in files {
            let bundled = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            #expect(bundled == contents, "Vectors/psbt/broken-finalized/\(name) differs from its generator")
        }
        #expect(corpus.count == BrokenFinalized.kinds.count * BrokenFinalized.Breakage.allCases.count)
        reportVectorCount("broken finalized inputs", passed: corpus.count, total: corpus.count)
    }

    /// The kernel judges each broken spend as the corpus says (so each is what it claims to be), and the valid
    /// spends they were made from pass both Custos and the kernel.
    @Test func theKernelAgreesWithTheCorpus() throws {
        for kind in BrokenFinalized.kinds {
            let valid = try BrokenFinalized.valid(kind)
            let report = try PartialSignatureVerifier().verify(valid)
            #expect(report.failures.isEmpty, "\(kind): \(report.failures)")
            guard case .verified(let final) = report.inputs[0].finalScripts else {
                Issue.record("\(kind): not verified")
                continue
            }
            #expect(final.threshold == 2 && final.signed.count == 2 && final.keys.count == 3)
            #expect(try Self.kernelAccepts(valid), "\(kind)")
        }
        for item in try BrokenFinalized.corpus() {
            #expect(try Self.kernelAccepts(item.psbt) == item.consensusValid, "\(item.name)")
        }
    }

    /// Every role refuses every broken input; `--allow-sighash` accepts exactly the hash-type cases, and the
    /// kernel accepts what it then accepts.
    @Test func everyRoleRefusesTheCorpus() throws {
        let strict = PartialSignatureVerifier()
        let lenient = PartialSignatureVerifier(allowAnySighash: true)
        for item in try BrokenFinalized.corpus() {
            let report = try strict.verify(item.psbt)
            #expect(!report.failures.isEmpty, "\(item.name)")
            #expect(report.inputs[0].finalScripts == .refused, "\(item.name)")
            #expect(try !PSBTInspection(item.psbt, network: .regtest).isComplete, "\(item.name)")
            #expect(throws: PSBTRoleError.self, "\(item.name)") { try PSBTExtractor.extract(item.psbt) }
            #expect(throws: PSBTRoleError.self, "\(item.name)") { try PSBTFinalizer.finalize(item.psbt) }
            #expect(throws: PSBTRoleError.self, "\(item.name)") {
                try PSBTCombiner.combineVerified(
                    [
                        NamedPSBT(name: "broken.psbt", psbt: item.psbt),
                        NamedPSBT(name: "plan.psbt", psbt: item.unsigned),
                    ],
                    verifier: strict)
            }
            let allowed = try lenient.verify(item.psbt)
            #expect(allowed.failures.isEmpty == item.breakage.isHashTypeOnly, "\(item.name): \(allowed.failures)")
            if allowed.failures.isEmpty {
                #expect(try Self.kernelAccepts(item.psbt), "\(item.name)")
                #expect(try PSBTInspection(item.psbt, network: .regtest, verifier: lenient).isComplete)
            }
        }
    }

    /// The reasons name what is wrong.
    @Test func refusalsSayWhy() throws {
        let corpus = try BrokenFinalized.corpus()
        func reason(_ name: String) throws -> String {
            let item = try #require(corpus.first { $0.name == name })
            return try PartialSignatureVerifier().verify(item.psbt).failures.map(\.description).joined()
        }
        #expect(try reason("wsh-sortedmulti-wrong-script").contains("witness script does not match the output"))
        #expect(try reason("sh-multi-wrong-script").contains("redeem script does not match the output"))
        #expect(try reason("tr-sortedmulti_a-wrong-script").contains("control block does not commit"))
        #expect(try reason("wsh-sortedmulti-too-few-signatures").contains("too few signatures: 1 of the 2"))
        #expect(try reason("tr-sortedmulti_a-too-few-signatures").contains("1 signatures where"))
        #expect(try reason("sh-wsh-sortedmulti-sighash-none").contains("sighash type NONE is not allowed"))
        #expect(try reason("tr-sortedmulti_a-sighash-single").contains("is not allowed"))
        #expect(try reason("wsh-sortedmulti-swapped-items").contains("out of order"))
        #expect(try reason("sh-multi-extra-item").contains("extra items"))
        #expect(try reason("tr-sortedmulti_a-extra-item").contains("4 witness items for a multi_a leaf of 3 keys"))
        #expect(try reason("wsh-sortedmulti-bad-signature").contains("does not verify"))
        #expect(try reason("tr-sortedmulti_a-bad-signature").contains("does not verify"))
    }

    /// Through the real binary: inspect never says complete, combine / finalize / extract exit 1 naming the input.
    @Test func everyCommandRefusesTheCorpus() throws {
        var plans: [TestWallet.Kind: PSBT] = [:]
        for item in try BrokenFinalized.corpus() { plans[item.kind] = item.unsigned }
        let folder = try TemporaryFolder()
        for item in try BrokenFinalized.corpus() {
            let file = Self.folder.appendingPathComponent("\(item.name).psbt").path
            let plan = try folder.write("plan-\(item.name).psbt", try #require(plans[item.kind]).serialized())
            let inspect = try CustosBinary.run(["psbt", "inspect", file, "--network", "regtest"])
            #expect(inspect.status == 0, "\(item.name)")
            #expect(inspect.standardOutput.contains("not complete"), "\(item.name)")
            #expect(!inspect.standardOutput.contains("complete: ready"), "\(item.name)")
            #expect(inspect.standardOutput.contains("final scripts REFUSED"), "\(item.name)")
            for arguments in [
                ["psbt", "combine", file, plan], ["psbt", "finalize", file], ["psbt", "extract", file],
            ] {
                let outcome = try CustosBinary.run(arguments)
                #expect(outcome.status == 1, "\(item.name) \(arguments[1]): \(outcome.standardError)")
                #expect(outcome.standardError.contains("input 0"), "\(item.name) \(arguments[1])")
                #expect(outcome.standardOutput.isEmpty, "\(item.name) \(arguments[1])")
            }
            if item.breakage.isHashTypeOnly {
                let extract = try CustosBinary.run(["psbt", "extract", file, "--allow-sighash"])
                #expect(extract.status == 0, "\(item.name): \(extract.standardError)")
            }
        }
    }

    /// A finalized template Custos cannot check (a P2WSH single-key script): exit 1 naming the input, accepted
    /// with --trust-finalized, which is printed as a warning and recorded in the audit log. The kernel accepts it.
    @Test func uncheckableTemplatesNeedTrustFinalized() throws {
        let key = try Secp256k1PrivateKey(bytes: SHA256.hash(Array("untemplated".utf8)))
        let publicKey = try key.publicKey.compressed
        var script = Script()
        script.appendPush(publicKey)
        script.appendOpcode(Opcode.opCheckSig)
        let funding = Transaction(
            version: 2,
            inputs: [TransactionInput(previousOutput: OutPoint(txid: .zero, index: 7))],
            outputs: [TransactionOutput(value: 50_000, scriptPubKey: .payToWitnessScriptHash(script))])
        var psbt = try PSBT(
            unsignedTransaction: Transaction(
                version: 2, inputs: [TransactionInput(previousOutput: OutPoint(txid: funding.txid, index: 0))],
                outputs: [
                    TransactionOutput(
                        value: 49_000, scriptPubKey: .witnessProgram(version: 0, program: Hash160.hash(publicKey)))
                ]))
        psbt.inputs[0].setWitnessUTXO(funding.outputs[0])
        let hasher = try SignatureHasher(
            transaction: try psbt.unsignedTransaction(), spentOutputs: [funding.outputs[0]])
        let digest = try hasher.segwitV0(inputIndex: 0, scriptCode: script, amount: 50_000, hashType: 1)
        psbt.inputs[0].finalize(scriptSig: nil, witness: [try key.signECDSA(digest: digest).der + [1], script.bytes])
        #expect(try Self.kernelAccepts(psbt))

        let report = try PartialSignatureVerifier().verify(psbt)
        #expect(report.failures.map(\.reason) == [.finalScriptsUncheckable("a p2wsh script that is not a multisig")])
        let trusted = try PartialSignatureVerifier(trustFinalized: true).verify(psbt)
        #expect(trusted.failures.isEmpty)
        #expect(trusted.trustedFinalInputs.map(\.index) == [0])

        let folder = try TemporaryFolder()
        let file = try folder.write("untemplated.psbt", psbt.serialized())
        let refused = try CustosBinary.run(["psbt", "extract", file])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("input 0: finalized with a template Custos cannot check"))
        let log = folder.path("audit.log")
        let accepted = try CustosBinary.run(["psbt", "extract", file, "--trust-finalized", "--audit-log", log])
        #expect(accepted.status == 0, "\(accepted.standardError)")
        #expect(accepted.standardError.contains("warning: input 0: final scripts accepted WITHOUT checking"))
        #expect(
            try Self.rawTransaction(psbt).serialized().hexString
                == accepted.standardOutput.trimmingCharacters(in: .newlines))
        let entry = try String(contentsOfFile: log, encoding: .utf8)
        #expect(entry.contains(#""flags":["--trust-finalized"]"#))
        let inspect = try CustosBinary.run(["psbt", "inspect", file, "--trust-finalized"])
        #expect(inspect.standardOutput.contains("final scripts of input 0 were not checked (--trust-finalized)"))
    }

    /// MuSig2 partial signatures (BIP373 vectors) are never counted: finalize and combine refuse them as
    /// unsupported (exit 2), inspect never calls such a PSBT complete.
    @Test func musig2PartialSignaturesAreUnsupported() throws {
        guard let file = try SharedVectors.json("psbt/bips/bip373_musig2_psbt_test_vectors.json") as? [String: Any],
            let cases = file["cases"] as? [[String: Any]]
        else { throw TestDataError("bip373 vectors") }
        var checked = 0
        let folder = try TemporaryFolder()
        for entry in cases {
            guard let text = entry["psbt_base64"] as? String, let psbt = try? PSBT(base64: text),
                psbt.inputs.contains(where: { $0.map.contains(PSBTKeyType.Input.musig2PartialSignature) })
            else { continue }
            checked += 1
            let report = try PartialSignatureVerifier().verify(psbt)
            #expect(!report.unsupported.isEmpty)
            #expect(throws: PSBTRoleError.self) { try PSBTFinalizer.finalize(psbt) }
            #expect(try !PSBTInspection(psbt, network: .regtest).isComplete)
            let path = try folder.write("musig-\(checked).psbt", psbt.serialized())
            let finalize = try CustosBinary.run(["psbt", "finalize", path])
            #expect(finalize.status == 2, "\(finalize.standardError)")
            #expect(finalize.standardError.contains("MuSig2 partial signatures (BIP373) are not supported"))
            let combine = try CustosBinary.run(["psbt", "combine", path, path])
            #expect(combine.status == 2, "\(combine.standardError)")
        }
        #expect(checked > 0)
    }

    /// A taproot key-path signature on a P2WSH input is refused, not ignored.
    @Test func aTaprootKeyPathSignatureOnASegwitV0InputIsRefused() throws {
        let wallet = try TestWallet(kind: .wshSortedMulti, threshold: 2, keyCount: 3, seed: 95)
        var psbt = try wallet.signedCopy(of: try wallet.sweep(inputCount: 1, version: 0).psbt, by: 0)
        psbt.inputs[0].setTapKeySignature([UInt8](repeating: 1, count: 64))
        let report = try PartialSignatureVerifier().verify(psbt)
        #expect(report.failures.map(\.reason) == [.unsupportedScript("a taproot key-path signature on a p2wsh input")])
        #expect(throws: PSBTRoleError.self) { try PSBTFinalizer.finalize(psbt) }
    }

    /// combine: one copy finalized (verified), another with partial signatures (verified): the final scripts are
    /// kept and the superseded signatures are named; a broken finalized copy is refused naming its file; copies
    /// finalized differently are a conflict naming both files.
    @Test func combineVerifiesFinalizedAndPartialCopies() throws {
        let wallet = try TestWallet(kind: .wshSortedMulti, threshold: 2, keyCount: 3, seed: 96)
        let spend = try wallet.sweep(inputCount: 1, version: 0)
        let copyA = try wallet.signedCopy(of: spend.psbt, by: 0)
        let copyB = try wallet.signedCopy(of: spend.psbt, by: 1)
        let copyC = try wallet.signedCopy(of: spend.psbt, by: 2)
        let finalAB = try PSBTFinalizer.finalize(
            try PSBTCombiner.combine([
                NamedPSBT(name: "a", psbt: copyA), NamedPSBT(name: "b", psbt: copyB),
            ]))
        let outcome = try PSBTCombiner.combineVerified(
            [NamedPSBT(name: "final.psbt", psbt: finalAB), NamedPSBT(name: "c.psbt", psbt: copyC)],
            verifier: PartialSignatureVerifier())
        #expect(outcome.psbt.inputs[0].finalScriptWitness == finalAB.inputs[0].finalScriptWitness)
        #expect(outcome.psbt.inputs[0].partialSignatures.isEmpty)
        #expect(outcome.notices.count == 1)
        #expect(outcome.notices.first?.contains("finalized in final.psbt") == true)
        #expect(outcome.notices.first?.contains("valid partial signatures of c.psbt") == true)

        // The finalized copy broken: refused, naming it.
        var broken = finalAB
        var witness = try #require(broken.inputs[0].finalScriptWitness)
        witness.swapAt(1, 2)
        broken.inputs[0].finalize(scriptSig: nil, witness: witness)
        #expect {
            try PSBTCombiner.combineVerified(
                [NamedPSBT(name: "c.psbt", psbt: copyC), NamedPSBT(name: "cosigner-x.psbt", psbt: broken)],
                verifier: PartialSignatureVerifier())
        } throws: { error in
            guard case PSBTRoleError.invalidSignatures(let failures) = error else { return false }
            return failures.count == 1 && failures[0].source == "cosigner-x.psbt" && failures[0].inputIndex == 0
        }
        // Two different finalizations of one input: a conflict naming both files.
        let finalBC = try PSBTFinalizer.finalize(
            try PSBTCombiner.combine([
                NamedPSBT(name: "b", psbt: copyB), NamedPSBT(name: "c", psbt: copyC),
            ]))
        #expect(throws: PSBTRoleError.conflictingFinalScripts(inputIndex: 0, sources: ["ab.psbt", "bc.psbt"])) {
            try PSBTCombiner.combine([
                NamedPSBT(name: "ab.psbt", psbt: finalAB), NamedPSBT(name: "bc.psbt", psbt: finalBC),
            ])
        }
        // Through the binary: the notice is printed, the broken copy named.
        let folder = try TemporaryFolder()
        let finalFile = try folder.write("final.psbt", finalAB.serialized())
        let cFile = try folder.write("c.psbt", copyC.serialized())
        let brokenFile = try folder.write("cosigner-x.psbt", broken.serialized())
        let combined = try CustosBinary.run(["psbt", "combine", finalFile, cFile])
        #expect(combined.status == 0, "\(combined.standardError)")
        #expect(combined.standardError.contains("note: input 0: finalized in \(finalFile)"))
        let refused = try CustosBinary.run(["psbt", "combine", cFile, brokenFile])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("\(brokenFile): input 0"))
    }
}
