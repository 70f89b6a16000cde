internal import Bitcoin
internal import BitcoinPSBT
internal import CustosCrypto

/// `psbt-role`: one PSBT role on the case's files through the PSBT library, as the `custos psbt` subcommands run it
/// (combine and finalize check every partial signature first), against the expected output bytes, txid and
/// signatures, or the refusal and its reason.
enum PSBTRoleCase: LabCaseKind {
    static let name = "psbt-role"
    /// Far above any real sweep's PSBT (kilobytes), far below what could strain memory.
    static let fileLimit = 16 * 1024 * 1024

    enum Role: String, Decodable, Sendable {
        case inspect, combine, finalize, extract, convert
    }

    struct Input: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case role, psbts
            case psbtsSHA256 = "psbts_sha256"
            case toVersion = "to_version"
            case allowHighFee = "allow_high_fee"
            case allowSighash = "allow_sighash"
            case network
        }
        let role: Role
        /// Binary or base64 PSBT files: two or more for `combine`, one for the other roles.
        let psbts: [String]
        let psbtsSHA256: [String]?
        /// `convert`: 0 or 2.
        let toVersion: UInt32?
        /// `extract`: as `--allow-high-fee`.
        let allowHighFee: Bool?
        /// `inspect`, `combine`, `finalize`: as `--allow-sighash`.
        let allowSighash: Bool?
        /// `inspect`: the network addresses are written for, as `--network`.
        let network: String?
    }

    enum Verdict: String, Decodable, Sendable {
        case ok
        /// The role refused (`custos psbt` exit 1).
        case refused
        /// A file is not a PSBT (exit 2).
        case unparsable
    }

    /// A partial signature that must be present and valid: `{"input": n, "pubkey": hex}`.
    struct SignatureExpectation: Decodable, Sendable {
        let input: Int
        let pubkey: String

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case input, pubkey
        }

        init(from decoder: any Decoder) throws {
            try NestedFields.requireKnown(CodingKeys.allCases.map(\.rawValue), in: "a signature", decoder: decoder)
            let fields = try decoder.container(keyedBy: CodingKeys.self)
            input = try fields.decode(Int.self, forKey: .input)
            pubkey = try fields.decode(String.self, forKey: .pubkey)
        }
    }

    struct Expected: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case verdict, output
            case outputSHA256 = "output_sha256"
            case txid, signatures
            case problemsContain = "problems_contain"
            case refusalContains = "refusal_contains"
        }
        let verdict: Verdict
        /// File with the expected output: a PSBT (compared after decoding, byte for byte) or, for `extract`, the
        /// transaction's hex.
        let output: String?
        /// SHA-256 of the output: the binary PSBT, or the raw transaction for `extract`.
        let outputSHA256: String?
        /// The extracted transaction's txid (`extract`), else the unsigned txid.
        let txid: String?
        /// `inspect`, `combine`, `finalize`: partial signatures that must be present and valid.
        let signatures: [SignatureExpectation]?
        /// `inspect`: words the listed problems (invalid signatures, missing data) must contain.
        let problemsContain: [String]?
        let refusalContains: [String]?
    }

    /// What the role produced, or why it did not.
    private struct Attempt {
        var verdict: Verdict
        var reasons: [String] = []
        /// The PSBT whose signatures the role judged: the combined one, or the (first) input.
        var examined: PSBT?
        var examinedName = "PSBT file 0"
        var outputPSBT: PSBT?
        var transaction: Transaction?
        var inspection: PSBTInspection?
    }

    static func run(input: Input, expected: Expected, context: CaseContext) async throws(LabCaseError) -> CaseOutcome {
        try validate(input, expected)
        let expectedTxid = try expected.txid.map { text throws(LabCaseError) in
            try CaseContext.hex(text, field: "expected.txid", byteCount: 32)
        }
        let expectedOutputSHA256 = try expected.outputSHA256.map { text throws(LabCaseError) in
            try CaseContext.hex(text, field: "expected.output_sha256", byteCount: 32)
        }
        let expectedSignatures = try expected.signatures?.map { signature throws(LabCaseError) in
            (signature.input, try CaseContext.hex(signature.pubkey, field: "expected.signatures[].pubkey"))
        }
        var files: [CaseContext.InputFile] = []
        for (index, reference) in input.psbts.enumerated() {
            files.append(
                try context.read(
                    "input.psbts[\(index)]", reference, pinnedSHA256: input.psbtsSHA256?[index], limit: fileLimit))
        }
        let expectedOutput = try expected.output.map { reference throws(LabCaseError) in
            try expectedOutputBytes(reference, role: input.role, context: context)
        }

        var outcome = CaseOutcome()
        for (index, file) in files.enumerated() {
            outcome.record("PSBT file \(index)", "\(file.path) (\(file.bytes.count) bytes)")
            outcome.record("PSBT file \(index) SHA-256", file.sha256)
        }
        let attempt = perform(input, files: zip(input.psbts, files).map { ($0, $1.bytes) })
        record(attempt, input: input, into: &outcome)

        outcome.check("verdict", expected: expected.verdict.rawValue, actual: attempt.verdict.rawValue)
        let produced = producedBytes(attempt)
        if let expectedOutput {
            outcome.check(
                "output", expected: "SHA-256 " + SHA256.hash(expectedOutput).hexString,
                actual: produced.map { describe($0, against: expectedOutput) } ?? "(no output)")
        }
        outcome.check(
            "output SHA-256", expected: expectedOutputSHA256, actual: produced.map { SHA256.hash($0).hexString })
        outcome.check("txid", expected: expectedTxid, actual: txid(of: attempt))
        if let expectedSignatures {
            let valid = validSignatures(attempt)
            for (inputIndex, key) in expectedSignatures {
                let present = valid[inputIndex]?.contains(key) ?? false
                let others = (valid[inputIndex] ?? []).sorted().joined(separator: ", ")
                outcome.check(
                    "valid signature on input \(inputIndex)", expected: key,
                    actual: present ? key : "absent (valid keys: \(others.isEmpty ? "none" : others))")
            }
        }
        outcome.checkProblems(
            expected.problemsContain, in: attempt.inspection?.inputs.flatMap(\.problems).map(\.message) ?? [])
        outcome.checkProblems(expected.refusalContains, in: attempt.verdict == .ok ? [] : attempt.reasons)
        return outcome
    }

    // MARK: - The role

    private static func perform(_ input: Input, files: [(name: String, bytes: [UInt8])]) -> Attempt {
        var decoder = PSBTDecoder()
        var sources: [NamedPSBT] = []
        for file in files {
            do {
                sources.append(NamedPSBT(name: file.name, psbt: try decoder.decode(detecting: file.bytes)))
            } catch {
                return Attempt(verdict: .unparsable, reasons: ["\(file.name): not a valid PSBT: \(error)"])
            }
        }
        guard let first = sources.first?.psbt else { return Attempt(verdict: .unparsable, reasons: ["no PSBT"]) }
        let verifier = PartialSignatureVerifier(allowAnySighash: input.allowSighash ?? false)
        var attempt = Attempt(verdict: .ok, examined: first)
        do throws(PSBTRoleError) {
            switch input.role {
            case .combine:
                let combined = try PSBTCombiner.combineVerified(
                    sources, verifier: verifier, knownKeys: decoder.parsedKeys
                ).psbt
                attempt.examined = combined
                attempt.examinedName = "the combined PSBT"
                attempt.outputPSBT = combined
            case .finalize:
                let report = try verifier.verify(first, knownKeys: decoder.parsedKeys)
                attempt.outputPSBT = try PSBTFinalizer.finalize(first, report: report)
            case .extract:
                attempt.transaction = try PSBTExtractor.extract(
                    first, maximumFeeRate: input.allowHighFee == true ? nil : PSBTExtractor.defaultMaximumFeeRate,
                    verifier: verifier)
            case .convert:
                attempt.outputPSBT = try PSBTVersionConverter.convert(first, to: input.toVersion ?? first.version)
            case .inspect:
                let network =
                    input.network.flatMap(Network.init(name:))
                    ?? first.global.extendedPublicKeys.compactMap { $0.key?.network }.first ?? .mainnet
                attempt.inspection = try PSBTInspection(first, network: network, verifier: verifier)
            }
        } catch {
            attempt.verdict = .refused
            attempt.reasons = [error.description]
        }
        if attempt.inspection == nil, let examined = attempt.examined {
            // For the evidence: who has signed what the role judged (inspection re-verifies every signature).
            let network = examined.global.extendedPublicKeys.compactMap { $0.key?.network }.first ?? .mainnet
            attempt.inspection = try? PSBTInspection(examined, network: network, verifier: verifier)
        }
        return attempt
    }

    /// Refuses field combinations the role does not take, before anything is read.
    private static func validate(_ input: Input, _ expected: Expected) throws(LabCaseError) {
        let role = input.role
        if role == .combine {
            guard input.psbts.count >= 2 else { throw .invalidField("input.psbts: combine needs at least two PSBTs") }
        } else if input.psbts.count != 1 {
            throw .invalidField("input.psbts: \(role.rawValue) takes exactly one PSBT, got \(input.psbts.count)")
        }
        if let pins = input.psbtsSHA256, pins.count != input.psbts.count {
            throw .invalidField("input.psbts_sha256 has \(pins.count) entries for \(input.psbts.count) PSBTs")
        }
        func only(_ present: Bool, _ field: String, for roles: [Role]) throws(LabCaseError) {
            guard !present || roles.contains(role) else {
                let names = roles.map(\.rawValue).joined(separator: ", ")
                throw .invalidField("\(field) applies only to \(names), not to \(role.rawValue)")
            }
        }
        try only(input.toVersion != nil, "input.to_version", for: [.convert])
        try only(input.allowHighFee != nil, "input.allow_high_fee", for: [.extract])
        try only(input.allowSighash != nil, "input.allow_sighash", for: [.inspect, .combine, .finalize])
        try only(input.network != nil, "input.network", for: [.inspect])
        try only(expected.output != nil, "expected.output", for: [.combine, .finalize, .extract, .convert])
        try only(
            expected.outputSHA256 != nil, "expected.output_sha256", for: [.combine, .finalize, .extract, .convert])
        try only(expected.signatures != nil, "expected.signatures", for: [.inspect, .combine, .finalize])
        try only(expected.problemsContain != nil, "expected.problems_contain", for: [.inspect])
        if role == .convert {
            guard let version = input.toVersion, version == 0 || version == 2 else {
                throw .invalidField("input.to_version must be 0 or 2 for convert")
            }
        }
        if let network = input.network, Network(name: network) == nil {
            throw .invalidField("input.network '\(network)' is not main, test, testnet4, signet or regtest")
        }
        if let signatures = expected.signatures, let bad = signatures.first(where: { $0.input < 0 }) {
            throw .invalidField("expected.signatures: input \(bad.input) is negative")
        }
    }

    /// The expected output as bytes: a PSBT's serialization (the file may be binary or base64), or a raw
    /// transaction from hex for `extract`.
    private static func expectedOutputBytes(
        _ reference: String, role: Role, context: CaseContext
    ) throws(LabCaseError) -> [UInt8] {
        let file = try context.read("expected.output", reference, pinnedSHA256: nil, limit: fileLimit)
        if role == .extract {
            let text = String(decoding: file.bytes, as: UTF8.self).trimmed
            guard let bytes = [UInt8](hex: text), !bytes.isEmpty else {
                throw .invalidField("expected.output: \(file.path) must hold a transaction in hex")
            }
            return bytes
        }
        var decoder = PSBTDecoder()
        do {
            return try decoder.decode(detecting: file.bytes).serialized()
        } catch {
            throw .invalidField("expected.output: \(file.path) is not a PSBT: \(error)")
        }
    }

    // MARK: - Observations

    private static func producedBytes(_ attempt: Attempt) -> [UInt8]? {
        attempt.transaction?.serialized() ?? attempt.outputPSBT?.serialized()
    }

    private static func txid(of attempt: Attempt) -> String? {
        if let transaction = attempt.transaction { return transaction.txid.description }
        return (try? (attempt.outputPSBT ?? attempt.examined)?.unsignedTransaction())?.txid.description
    }

    /// The valid partial signatures by input index (public keys in hex), as the role's verification found them.
    private static func validSignatures(_ attempt: Attempt) -> [Int: Set<String>] {
        var valid: [Int: Set<String>] = [:]
        for input in attempt.inspection?.inputs ?? [] { valid[input.index] = Set(input.signatures) }
        return valid
    }

    /// `SHA-256 X` when equal to `expected`, else also where the two first differ.
    private static func describe(_ produced: [UInt8], against expected: [UInt8]) -> String {
        let digest = "SHA-256 " + SHA256.hash(produced).hexString
        guard produced != expected else { return digest }
        let common = zip(produced, expected).prefix { $0 == $1 }.count
        return digest + " (\(produced.count) bytes, \(expected.count) expected; first difference at byte \(common))"
    }

    private static func record(_ attempt: Attempt, input: Input, into outcome: inout CaseOutcome) {
        outcome.record("role", input.role.rawValue)
        if let examined = attempt.examined {
            outcome.record("PSBT version", "\(examined.version)")
            if let transaction = try? examined.unsignedTransaction() {
                outcome.record("unsigned txid", transaction.txid.description)
            }
        }
        if let inspection = attempt.inspection, let examined = attempt.examined {
            outcome.record("signers of", attempt.examinedName)
            outcome.record("fee", inspection.fee.map { "\($0) sat" } ?? "unknown")
            for summary in inspection.inputs {
                outcome.record("input \(summary.index)", signerText(summary, psbtInput: examined.inputs[summary.index]))
            }
        }
        if let output = attempt.outputPSBT {
            outcome.record("output PSBT version", "\(output.version)")
            outcome.record("output SHA-256", SHA256.hash(output.serialized()).hexString)
            outcome.record("output (base64)", output.base64)
        }
        if let transaction = attempt.transaction {
            outcome.record("transaction SHA-256", SHA256.hash(transaction.serialized()).hexString)
            outcome.record("txid", transaction.txid.description)
            outcome.record("wtxid", transaction.wtxid.description)
            outcome.record("virtual size", "\(transaction.virtualSize) vB")
        }
        for reason in attempt.reasons { outcome.record(attempt.verdict == .unparsable ? "parse" : "refusal", reason) }
        for problem in attempt.inspection?.inputs.flatMap(\.problems) ?? [] {
            outcome.record("problem", problem.message)
        }
    }

    /// `p2wsh, 1 of 2 required signatures; signed [41e2d978/48h/1h/0h/2h/0/0] 02ab… (ALL); missing [cc222f9c/…] 03cd…`.
    private static func signerText(_ summary: PSBTInspection.Input, psbtInput: PSBTInput) -> String {
        var hashTypes: [String: String] = [:]
        for (key, signature) in psbtInput.partialSignatures {
            hashTypes[key.hexString] = signature.last.map { SighashType(rawValue: UInt32($0)).description }
        }
        for (key, _, signature) in psbtInput.tapScriptSignatures {
            hashTypes[key.hexString] =
                signature.count == 65 ? SighashType(rawValue: UInt32(signature[64])).description : "DEFAULT"
        }
        func name(_ signer: PSBTInspection.Signer) -> String {
            (signer.origin.map { "[\($0)] " } ?? "") + signer.publicKey
        }
        let signed = summary.signers.filter(\.hasSigned).map { name($0) + " (\(hashTypes[$0.publicKey] ?? "?"))" }
        let missing = summary.signers.filter { !$0.hasSigned }.map(name)
        var text = summary.scriptType ?? "unknown script"
        if summary.finalized {
            text += ": finalized"
        } else {
            text += summary.required.map { ", \(summary.signatures.count) of \($0) required signatures" } ?? ""
        }
        if !signed.isEmpty { text += "; signed " + signed.joined(separator: ", ") }
        if !missing.isEmpty && !summary.finalized { text += "; missing " + missing.joined(separator: ", ") }
        return text
    }
}
