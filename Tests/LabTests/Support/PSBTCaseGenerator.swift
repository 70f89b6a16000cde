import Bitcoin
import BitcoinPSBT
import CustosCrypto
import CustosSupport
import CustosTestSupport
import Foundation
import PSBTTestKit
import Secp256k1

/// Writes the `psbt-role` cases under Vectors/psbt/ and the files they use, reproducibly: test wallets from fixed
/// seeds (PSBTTestKit) and RFC 6979 signatures, so every byte is the same on every run. `PSBTCaseFilesTests`
/// regenerates them in memory and compares with the committed files; `CUSTOS_REGENERATE_LAB_PSBT=1` rewrites them.
///
/// The expected outputs are what Custos' roles produce; they are not taken on trust: `PSBTCaseOracleTests` has
/// embit merge and finalize the same files and Bitcoin Core's interpreter (py-bitcoinkernel) verify every extracted
/// transaction and give its txid. The refusals are made by breaking one signature on purpose, so which file, input
/// and key a refusal must name is known by construction.
enum PSBTCaseGenerator {
    /// Folder of the generated files, relative to Vectors/.
    static let root = "psbt"
    static let generator = "Tests/LabTests/Support/PSBTCaseGenerator.swift"

    /// A chain of roles on one wallet's sweep: two cosigners' copies → combine → finalize → extract.
    struct Chain {
        let name: String
        /// Folder under Vectors/psbt holding the inputs.
        let folder: String
        let wallet: TestWallet
        let spend: TestWallet.Spend
        /// Cosigners' signed copies, as files in `folder`.
        let cosigners: [(file: String, psbt: PSBT)]
        let combined: PSBT
        let finalized: PSBT
        let transaction: Transaction
    }

    struct Output {
        /// Relative to Vectors/, with contents.
        var files: [String: [UInt8]] = [:]
        var chains: [Chain] = []
    }

    // MARK: - Wallets

    /// The bundled demo (Vectors/psbt/demo, written by Tests/PSBTTests/DemoFilesTests.swift): read from its files,
    /// which that test keeps equal to their generator.
    static func demoChain() throws -> Chain {
        let wallet = try TestWallet(kind: .wshSortedMulti, threshold: 2, keyCount: 3, seed: 77)
        let spend = try wallet.sweep(inputCount: 2, version: 0, feeRate: 12, amount: 2_500_000)
        let cosigners = try ["cosigner-a.psbt", "cosigner-c.psbt"].map { file in
            (file, try PSBT(base64: try String(contentsOf: demoFile(file), encoding: .utf8).trimmed))
        }
        return try chain("demo", folder: "demo", wallet: wallet, spend: spend, cosigners: cosigners)
    }

    /// Synthesised: a 2-of-3 taproot `sortedmulti_a` script-path sweep in a version 2 PSBT.
    static func taprootChain() throws -> Chain {
        try synthesised(
            "taproot", folder: "taproot-2of3", kind: .trSortedMultiA, seed: 81, inputCount: 2, version: 2, feeRate: 5,
            amount: 1_000_000, signers: [("cosigner-a.psbt", 0), ("cosigner-b.psbt", 1)])
    }

    /// Synthesised: a 2-of-3 legacy P2SH multisig sweep (non-witness UTXOs; signing changes its txid).
    static func legacyChain() throws -> Chain {
        try synthesised(
            "legacy", folder: "legacy-2of3", kind: .shMulti, seed: 82, inputCount: 1, version: 0, feeRate: 3,
            amount: 400_000, signers: [("cosigner-b.psbt", 1), ("cosigner-c.psbt", 2)])
    }

    /// A 2-of-3 test wallet's sweep, signed by two of its cosigners (file name, cosigner index).
    private static func synthesised(
        _ name: String, folder: String, kind: TestWallet.Kind, seed: UInt8, inputCount: Int, version: UInt32,
        feeRate: Int, amount: Int64, signers: [(file: String, index: Int)]
    ) throws -> Chain {
        let wallet = try TestWallet(kind: kind, threshold: 2, keyCount: 3, seed: seed)
        let spend = try wallet.sweep(inputCount: inputCount, version: version, feeRate: feeRate, amount: amount)
        let cosigners = try signers.map { ($0.file, try wallet.signedCopy(of: spend.psbt, by: $0.index)) }
        return try chain(name, folder: folder, wallet: wallet, spend: spend, cosigners: cosigners)
    }

    private static func chain(
        _ name: String, folder: String, wallet: TestWallet, spend: TestWallet.Spend,
        cosigners: [(file: String, psbt: PSBT)]
    ) throws -> Chain {
        let combined = try PSBTCombiner.combineVerified(
            cosigners.map { NamedPSBT(name: $0.file, psbt: $0.psbt) }, verifier: PartialSignatureVerifier()
        ).psbt
        let finalized = try PSBTFinalizer.finalize(combined)
        let transaction = try PSBTExtractor.extract(finalized)
        return Chain(
            name: name, folder: folder, wallet: wallet, spend: spend, cosigners: cosigners, combined: combined,
            finalized: finalized, transaction: transaction)
    }

    static func demoFile(_ name: String) -> URL {
        PackagePaths.root.appendingPathComponent("Vectors/psbt/demo/\(name)")
    }

    // MARK: - Everything

    static func generate() throws -> Output {
        var output = Output()
        let demo = try demoChain()
        let synthesised = [try taprootChain(), try legacyChain()]
        output.chains = [demo] + synthesised
        for chain in synthesised { writeInputs(chain, into: &output) }
        for chain in output.chains { try writeChainCases(chain, into: &output) }
        try writeDemoCases(demo, into: &output)
        try writeRefusals(demo, into: &output)
        try writeFinalizedRefusals(into: &output)
        return output
    }

    /// A synthesised wallet's inputs, like the demo's: descriptor, funding transaction, unsigned and signed copies.
    private static func writeInputs(_ chain: Chain, into output: inout Output) {
        let folder = "\(root)/\(chain.folder)/"
        output.files[folder + "descriptor.txt"] = Array((chain.wallet.descriptor.description + "\n").utf8)
        output.files[folder + "funding-transaction.hex"] = Array(
            (chain.spend.funding.serialized().hexString + "\n").utf8)
        output.files[folder + "unsigned.psbt"] = base64File(chain.spend.psbt)
        for (file, psbt) in chain.cosigners { output.files[folder + file] = base64File(psbt) }
    }

    /// combine → finalize → extract, each step's expected output the next step's input.
    private static func writeChainCases(_ chain: Chain, into output: inout Output) throws {
        let outputs = "\(root)/\(chain.folder)-outputs/"
        let combinedFile = outputs + "combined.psbt"
        let finalizedFile = outputs + "finalized.psbt"
        let transactionFile = outputs + "transaction.hex"
        output.files[combinedFile] = base64File(chain.combined)
        output.files[finalizedFile] = base64File(chain.finalized)
        output.files[transactionFile] = Array((chain.transaction.serialized().hexString + "\n").utf8)
        let unsignedTxid = try chain.combined.unsignedTransaction().txid.description
        let walletText = walletDescription(chain)
        let provenance = provenance(chain)
        let cosignerFiles = chain.cosigners.map { "\(root)/\(chain.folder)/\($0.file)" }

        try addCase(
            "\(root)/\(chain.name)/combine", role: "combine", psbts: cosignerFiles,
            description: "Two cosigners' copies of \(walletText) combine into one PSBT holding both signatures on "
                + "every input, byte for byte as expected",
            provenance: provenance,
            expected: [
                ("verdict", .string("ok")), ("output", .string(relative(combinedFile))),
                ("output_sha256", .string(SHA256.hash(chain.combined.serialized()).hexString)),
                ("txid", .string(unsignedTxid)), ("signatures", signatures(chain.combined)),
            ], into: &output)
        try addCase(
            "\(root)/\(chain.name)/finalize", role: "finalize", psbts: [combinedFile],
            description: "The combined \(walletText) finalizes: every signature verifies and each input gets its "
                + "final script",
            provenance: provenance,
            expected: [
                ("verdict", .string("ok")), ("output", .string(relative(finalizedFile))),
                ("txid", .string(unsignedTxid)), ("signatures", signatures(chain.combined)),
            ], into: &output)
        try addCase(
            "\(root)/\(chain.name)/extract", role: "extract", psbts: [finalizedFile],
            description: "The finalized \(walletText) extracts to the signed transaction with the expected txid "
                + "(Bitcoin Core's interpreter accepts it)",
            provenance: provenance,
            expected: [
                ("verdict", .string("ok")), ("output", .string(relative(transactionFile))),
                ("output_sha256", .string(SHA256.hash(chain.transaction.serialized()).hexString)),
                ("txid", .string(chain.transaction.txid.description)),
            ], into: &output)
    }

    /// The demo's other roles: inspect, convert both ways, and the refusals of premature steps.
    private static func writeDemoCases(_ demo: Chain, into output: inout Output) throws {
        let provenance = provenance(demo)
        let txid = try demo.combined.unsignedTransaction().txid.description
        let cosignerA = "\(root)/demo/cosigner-a.psbt"
        try addCase(
            "\(root)/demo/inspect-cosigner-a", role: "inspect", psbts: [cosignerA],
            description: "Inspecting cosigner A's copy finds A's valid signature on both inputs and nobody else's",
            provenance: provenance,
            expected: [
                ("verdict", .string("ok")), ("txid", .string(txid)), ("signatures", signatures(demo.cosigners[0].psbt)),
            ], into: &output)

        let unsignedV2 = try PSBTVersionConverter.convert(demo.spend.psbt, to: 2)
        let v2File = "\(root)/demo-outputs/unsigned-v2.psbt"
        output.files[v2File] = base64File(unsignedV2)
        try addCase(
            "\(root)/demo/convert-to-v2", role: "convert", psbts: ["\(root)/demo/unsigned.psbt"], toVersion: 2,
            description: "The unsigned demo PSBT converts from version 0 (BIP174) to version 2 (BIP370)",
            provenance: provenance,
            expected: [("verdict", .string("ok")), ("output", .string(relative(v2File))), ("txid", .string(txid))],
            into: &output)
        try addCase(
            "\(root)/demo/convert-back-to-v0", role: "convert", psbts: [v2File], toVersion: 0,
            description: "Converting the version 2 copy back to version 0 gives the original unsigned PSBT byte for "
                + "byte: nothing is lost either way",
            provenance: provenance + "; the expected output is the original Vectors/psbt/demo/unsigned.psbt",
            expected: [
                ("verdict", .string("ok")), ("output", .string("../demo/unsigned.psbt")), ("txid", .string(txid)),
            ], into: &output)

        let missing = demo.wallet.masters[1]
        let missingFingerprint = try missing.fingerprint.description
        try addCase(
            "\(root)/demo/finalize-missing-signatures", role: "finalize", psbts: [cosignerA],
            description: "Finalizing with one signature of a 2-of-3 is refused, naming each input and the keys that "
                + "have not signed",
            provenance: provenance,
            expected: [
                ("verdict", .string("refused")),
                (
                    "refusal_contains",
                    .array(
                        ["cannot finalize", "input 0", "input 1", "not yet signed by", missingFingerprint].map(
                            JSONValue.string))
                ),
            ], into: &output)
        try addCase(
            "\(root)/demo/extract-unfinalized", role: "extract", psbts: ["\(root)/demo-outputs/combined.psbt"],
            description: "Extracting the combined PSBT before it is finalized is refused",
            provenance: provenance,
            expected: [
                ("verdict", .string("refused")),
                ("refusal_contains", .array(["not finalized", "inputs 0, 1"].map(JSONValue.string))),
            ], into: &output)
    }

    // MARK: - Refusals

    /// Cosigner C's copy of the demo broken in one signature each way, and a copy of another transaction.
    private static func writeRefusals(_ demo: Chain, into output: inout Output) throws {
        let folder = "\(root)/broken/"
        let cosignerA = "\(root)/demo/cosigner-a.psbt"
        let good = demo.cosigners[1].psbt
        let entry = try requireValue(good.inputs[0].partialSignatures.first, "cosigner C's signature on input 0")
        let key = entry.publicKey.hexString
        let provenance =
            "Vectors/psbt/demo/cosigner-c.psbt with input 0's signature altered by \(generator) "
            + "(the alteration is the point: which file, input and key the refusal must name is known by construction)"
        func tampered(_ signature: [UInt8]) throws -> PSBT {
            var copy = good
            copy.inputs[0].addPartialSignature(publicKey: try PublicKey(bytes: entry.publicKey), signature: signature)
            return copy
        }
        let parsed = try ECDSASignature(der: entry.signature.dropLast())
        let hashType = try requireValue(entry.signature.last, "hash type")

        // One bit of r flipped: still strict DER, no longer a signature of this sighash.
        let corrupted = try tampered(try SignatureTampering.flippedR(parsed).der + [hashType])
        // s replaced by n − s: the same signature mathematically, but high-S (BIP146 forbids it).
        let highS = try tampered(try SignatureTampering.highS(parsed).der + [hashType])
        // The hash-type byte changed from ALL to SINGLE: the signature no longer matches what it claims to sign.
        let single = try tampered(Array(entry.signature.dropLast()) + [UInt8(SighashType.single.rawValue)])
        // A copy of another transaction: the same wallet's sweep of the same outputs at another fee rate.
        let other = try demo.wallet.signedCopy(
            of: try demo.wallet.sweep(inputCount: 2, version: 0, feeRate: 20, amount: 2_500_000).psbt, by: 2)
        let files: [(String, PSBT)] = [
            ("cosigner-c-corrupted-signature.psbt", corrupted), ("cosigner-c-high-s.psbt", highS),
            ("cosigner-c-sighash-single.psbt", single), ("cosigner-c-other-transaction.psbt", other),
        ]
        for (file, psbt) in files { output.files[folder + file] = base64File(psbt) }
        // Not a PSBT: the unsigned demo cut after 60 bytes (binary).
        output.files[folder + "truncated.psbt"] = Array(demo.spend.psbt.serialized().prefix(60))

        func refusal(
            _ name: String, file: String, words: [String], description: String, allowSighash: Bool? = nil
        ) throws {
            try addCase(
                "\(root)/refusals/\(name)", role: "combine", psbts: [cosignerA, folder + file],
                allowSighash: allowSighash, description: description, provenance: provenance,
                expected: [("verdict", .string("refused")), ("refusal_contains", .array(words.map(JSONValue.string)))],
                into: &output)
        }
        try refusal(
            "corrupted-signature", file: "cosigner-c-corrupted-signature.psbt",
            words: ["cosigner-c-corrupted-signature.psbt", "input 0", key, "does not verify"],
            description: "A cosigner file whose signature on input 0 has one bit changed is refused at combine, "
                + "naming the file, the input and the key")
        try refusal(
            "high-s", file: "cosigner-c-high-s.psbt",
            words: ["cosigner-c-high-s.psbt", "input 0", key, "high-S"],
            description: "A high-S signature (valid in the math, non-standard since BIP146) is refused at combine")
        try refusal(
            "sighash-single", file: "cosigner-c-sighash-single.psbt",
            words: ["cosigner-c-sighash-single.psbt", "input 0", key, "SINGLE", "not allowed"],
            description: "A signature whose hash-type byte was changed to SIGHASH_SINGLE is refused: only ALL is "
                + "accepted unless allowed")
        try refusal(
            "sighash-single-allowed", file: "cosigner-c-sighash-single.psbt",
            words: ["cosigner-c-sighash-single.psbt", "input 0", key, "does not verify"],
            description: "With other hash types allowed, the altered hash-type byte is still refused: the signature "
                + "does not sign what its byte claims",
            allowSighash: true)
        let otherTxid = try other.unsignedTransaction().txid.description
        let demoTxid = try demo.combined.unsignedTransaction().txid.description
        try refusal(
            "another-transaction", file: "cosigner-c-other-transaction.psbt",
            words: ["cosigner-c-other-transaction.psbt", "describes transaction \(otherTxid)", demoTxid],
            description: "A cosigner file of another transaction (the same outputs swept at another fee rate) is "
                + "refused at combine, naming both txids")
        try addCase(
            "\(root)/refusals/truncated", role: "combine", psbts: [cosignerA, folder + "truncated.psbt"],
            description: "A truncated PSBT file is reported as unparsable, naming the file",
            provenance: "Vectors/psbt/demo/unsigned.psbt (binary) cut after 60 bytes by \(generator)",
            expected: [
                ("verdict", .string("unparsable")),
                ("refusal_contains", .array(["truncated.psbt", "not a valid PSBT"].map(JSONValue.string))),
            ], into: &output)
        try addCase(
            "\(root)/refusals/inspect-corrupted-signature", role: "inspect",
            psbts: [folder + "cosigner-c-corrupted-signature.psbt"],
            description: "Inspecting the file with the corrupted signature succeeds (inspecting is not approving) and "
                + "lists the invalid signature as a problem; input 1's signature is still valid",
            provenance: provenance,
            expected: [
                ("verdict", .string("ok")),
                ("signatures", signatures(good, inputs: [1])),
                ("problems_contain", .array(["input 0", key, "does not verify"].map(JSONValue.string))),
            ], into: &output)
    }

    /// Files of the broken-finalized corpus (Vectors/psbt/broken-finalized, written by the PSBT tests): each role
    /// refuses a finalized input that does not check out, naming the input and what is wrong.
    private static func writeFinalizedRefusals(into output: inout Output) throws {
        let folder = "\(root)/broken-finalized/"
        let provenance =
            "Vectors/psbt/broken-finalized (PSBTTestKit.BrokenFinalized: a 2-of-3 spend finalized by Custos, then "
            + "broken in one known way; Bitcoin Core's interpreter judges each in Tests/PSBTTests/FinalizedInputTests)"
        let cases: [(name: String, role: String, file: String, words: [String], description: String)] = [
            (
                "finalized-bad-signature-extract", "extract", "wsh-sortedmulti-bad-signature.psbt",
                ["input 0", "finalized input refused", "does not verify"],
                "Extracting a PSBT whose finalized P2WSH input carries a signature with one bit flipped is refused"
            ),
            (
                "finalized-wrong-script-finalize", "finalize", "tr-sortedmulti_a-wrong-script.psbt",
                ["input 0", "control block does not commit to the output key"],
                "A taproot input finalized with another wallet's leaf script is refused by finalize (it is not "
                    + "skipped as already finalized)"
            ),
            (
                "finalized-sighash-none-combine", "combine", "sh-wsh-sortedmulti-sighash-none.psbt",
                ["broken-finalized/sh-wsh-sortedmulti-sighash-none.psbt", "input 0", "NONE", "not allowed"],
                "Combining a copy whose finalized input was signed with SIGHASH_NONE is refused, naming the file"
            ),
            (
                "finalized-too-few-signatures-extract", "extract", "sh-multi-too-few-signatures.psbt",
                ["input 0", "too few signatures: 1 of the 2"],
                "A legacy P2SH input finalized with one signature of a 2-of-3 is refused at extract"
            ),
        ]
        for item in cases {
            let files = item.role == "combine" ? [folder + item.file, folder + item.file] : [folder + item.file]
            try addCase(
                "\(root)/refusals/\(item.name)", role: item.role, psbts: files, description: item.description,
                provenance: provenance,
                expected: [
                    ("verdict", .string("refused")), ("refusal_contains", .array(item.words.map(JSONValue.string))),
                ], into: &output)
        }
    }

    // MARK: - Case files

    private static func addCase(
        _ id: String, role: String, psbts: [String], toVersion: Int? = nil, allowSighash: Bool? = nil,
        description: String, provenance: String, expected: [(String, JSONValue)], into output: inout Output
    ) throws {
        var input: [(String, JSONValue)] = [
            ("role", .string(role)), ("psbts", .array(psbts.map { .string(relative($0)) })),
            ("psbts_sha256", .array(try psbts.map { .string(SHA256.hash(try bytes(of: $0, in: output)).hexString) })),
        ]
        if let toVersion { input.append(("to_version", .integer(Int64(toVersion)))) }
        if let allowSighash { input.append(("allow_sighash", .bool(allowSighash))) }
        let document = JSONValue.objectFromMembers([
            ("format", .integer(1)), ("id", .string(id)), ("kind", .string("psbt-role")),
            ("description", .string(description)), ("provenance", .string(provenance)),
            ("input", .objectFromMembers(input)), ("expected", .objectFromMembers(expected)),
        ])
        let name = id.dropFirst(root.count + 1).replacingOccurrences(of: "/", with: "-")
        output.files["\(root)/cases/\(name).case.json"] = Array((JSONWriter.indented(document) + "\n").utf8)
    }

    /// A file's bytes: generated in this run, or committed (the demo).
    private static func bytes(of path: String, in output: Output) throws -> [UInt8] {
        if let generated = output.files[path] { return generated }
        return Array(try Data(contentsOf: PackagePaths.root.appendingPathComponent("Vectors/" + path)))
    }

    /// `path` (relative to Vectors/) as a case file in Vectors/psbt/cases refers to it.
    private static func relative(_ path: String) -> String {
        "../" + path.dropFirst(root.count + 1)
    }

    /// Every partial signature of `psbt` (on `inputs`, default all) as `{"input", "pubkey"}` expectations.
    private static func signatures(_ psbt: PSBT, inputs: [Int]? = nil) -> JSONValue {
        var list: [JSONValue] = []
        for index in inputs ?? Array(psbt.inputs.indices) {
            let keys =
                psbt.inputs[index].partialSignatures.map(\.publicKey)
                + psbt.inputs[index].tapScriptSignatures.map(\.xOnlyKey)
            for key in keys {
                list.append(.object(["input": .integer(Int64(index)), "pubkey": .string(key.hexString)]))
            }
        }
        return .array(list)
    }

    private static func walletDescription(_ chain: Chain) -> String {
        "the \(chain.name) 2-of-3 \(chain.wallet.kind) sweep (PSBT version \(chain.spend.psbt.version), "
            + "\(chain.spend.psbt.inputs.count) input\(chain.spend.psbt.inputs.count == 1 ? "" : "s"))"
    }

    private static func provenance(_ chain: Chain) -> String {
        let source =
            chain.name == "demo"
            ? "Vectors/psbt/demo (PSBTTestKit wallet seed 77, written by Tests/PSBTTests/DemoFilesTests.swift)"
            : "Vectors/psbt/\(chain.folder), synthesised by \(generator) (PSBTTestKit TestWallet, fixed seeds, "
                + "RFC 6979 signatures; public test keys)"
        return source + "; expected outputs from Custos' roles, cross-checked by Tests/LabTests/PSBTCaseOracleTests "
            + "(embit merges and finalizes the same files; Bitcoin Core's interpreter via py-bitcoinkernel accepts the "
            + "extracted transaction and gives its txid)"
    }

    private static func base64File(_ psbt: PSBT) -> [UInt8] {
        Array((psbt.base64 + "\n").utf8)
    }

    static func requireValue<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw TestDataError("missing \(what)") }
        return value
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
