internal import Bitcoin
internal import BitcoinPSBT
internal import Ceremony
internal import Custody
internal import CustosCrypto
internal import CustosSupport
internal import FoundationEssentials

/// `migration-ceremony`: a whole emergency migration through the Ceremony and PSBT libraries, as `custos migrate
/// plan` → `psbt combine` → `psbt finalize` → `psbt extract` run it (with the policy enforced at each step): the
/// plan is made from the case's descriptor, UTXOs and policy, each cosigner's signed PSBT is matched to the plan's
/// transaction it signs, and every transaction is combined, finalized and extracted. The steps are recorded in an
/// in-memory audit chain whose head is evidence.
enum MigrationCeremonyCase: LabCaseKind {
    static let name = "migration-ceremony"
    static let fileLimit = 64 * 1024 * 1024

    struct Cosigner: Decodable, Sendable {
        let name: String
        let psbt: String
        let psbtSHA256: String?

        private struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            let known = ["name", "psbt", "psbt_sha256"]
            if let unknown = container.allKeys.first(where: { !known.contains($0.stringValue) }) {
                throw Swift.DecodingError.dataCorruptedError(
                    forKey: unknown, in: container,
                    debugDescription: "unknown field \"\(unknown.stringValue)\" in input.cosigners (known: "
                        + known.joined(separator: ", ") + ")")
            }
            name = try container.decode(String.self, forKey: Key(stringValue: "name"))
            psbt = try container.decode(String.self, forKey: Key(stringValue: "psbt"))
            psbtSHA256 = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "psbt_sha256"))
        }
    }

    struct Input: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case descriptor
            case descriptorSHA256 = "descriptor_sha256"
            case utxos
            case utxosSHA256 = "utxos_sha256"
            case to
            case feeRate = "fee_rate"
            case policy
            case policySHA256 = "policy_sha256"
            case maxInputs = "max_inputs"
            case psbtVersion = "psbt_version"
            case clock
            case cosigners
        }
        /// A descriptor (it contains "(") or a file holding one or two.
        let descriptor: String
        let descriptorSHA256: String?
        let utxos: String
        let utxosSHA256: String?
        let to: String
        let feeRate: Double
        let policy: String?
        let policySHA256: String?
        let maxInputs: Int?
        let psbtVersion: UInt32?
        /// RFC 3339 UTC time the policy's expiry is judged at (default: now).
        let clock: String?
        let cosigners: [Cosigner]
    }

    enum Verdict: String, Decodable, Sendable {
        case ok
        case refused
        case unparsable
    }

    /// `{"input": n, "cosigner": name}`: input n (position in UTXOS.json) carries name's signature in the result.
    struct ExpectedSigner: Decodable, Sendable {
        let input: Int
        let cosigner: String
    }

    /// One txid, or one per transaction of a split sweep.
    struct TransactionIDs: Decodable, Sendable {
        let values: [String]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let single = try? container.decode(String.self) {
                values = [single]
            } else {
                values = try container.decode([String].self)
            }
        }
    }

    struct Expected: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case verdict, txid, fee, signers
            case kernelValid = "kernel_valid"
            case refusalContains = "refusal_contains"
        }
        let verdict: Verdict
        let txid: TransactionIDs?
        let fee: Int64?
        let kernelValid: Bool?
        let signers: [ExpectedSigner]?
        let refusalContains: [String]?
    }

    static func run(input: Input, expected: Expected, context: CaseContext) async throws(LabCaseError) -> CaseOutcome {
        var outcome = CaseOutcome()
        let txids = try expected.txid?.values.map { text throws(LabCaseError) in
            try CaseContext.hex(text, field: "expected.txid", byteCount: 32)
        }
        var files = try readInputs(input, context: context, outcome: &outcome)
        let result: Result<Completed, CeremonyError>
        do {
            result = .success(try perform(input, files: &files, outcome: &outcome))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let completed):
            outcome.check("verdict", expected: expected.verdict.rawValue, actual: Verdict.ok.rawValue)
            outcome.check(
                "txid", expected: txids?.joined(separator: ", "),
                actual: completed.transactions.map(\.txid.description).joined(separator: ", "))
            outcome.check("fee", expected: expected.fee.map(String.init), actual: String(completed.fee))
            for signer in expected.signers ?? [] {
                let signed = completed.signed(input: signer.input, by: signer.cosigner)
                outcome.checks.append(
                    CaseCheck(
                        name: "signer", expected: "input \(signer.input) signed by \(signer.cosigner)",
                        actual: signed ? "signed" : "not signed", passed: signed))
            }
            outcome.checkProblems(expected.refusalContains, in: [])
        case .failure(let error):
            let verdict: Verdict = error.category.isUnusableInput ? .unparsable : .refused
            outcome.record("refusal", error.description)
            outcome.check("verdict", expected: expected.verdict.rawValue, actual: verdict.rawValue)
            outcome.check("txid", expected: txids?.joined(separator: ", "), actual: nil)
            outcome.checkProblems(expected.refusalContains, in: [error.description])
        }
        if let kernelValid = expected.kernelValid {
            // Never passed unchecked: this build links no script interpreter (the test suite checks the bundled
            // cases' transactions with Bitcoin Core's, through py-bitcoinkernel).
            outcome.checks.append(
                CaseCheck(
                    name: "kernel_valid", expected: String(kernelValid),
                    actual: "unsupported: this build has no libbitcoinkernel verifier", passed: false))
        }
        return outcome
    }

    // MARK: Inputs

    private struct Files {
        var descriptorText: String
        var utxos: [UInt8]
        var policy: (bytes: [UInt8], path: String)?
        var cosigners: [(name: String, path: String, bytes: [UInt8])]
        var referenceTime: UTCTime
        var feeRate: FeeRate
    }

    private static func readInputs(
        _ input: Input, context: CaseContext, outcome: inout CaseOutcome
    ) throws(LabCaseError) -> Files {
        let descriptorText: String
        if input.descriptor.contains("(") {
            descriptorText = input.descriptor
        } else {
            let file = try context.read(
                "input.descriptor", input.descriptor, pinnedSHA256: input.descriptorSHA256, limit: 1 << 20)
            outcome.record("descriptor file", "\(file.path) (SHA-256 \(file.sha256))")
            descriptorText = String(decoding: file.bytes, as: UTF8.self)
        }
        let utxos = try context.read("input.utxos", input.utxos, pinnedSHA256: input.utxosSHA256, limit: fileLimit)
        outcome.record("UTXOS.json", "\(utxos.path) (SHA-256 \(utxos.sha256))")
        var policy: ([UInt8], String)?
        if let reference = input.policy {
            let file = try context.read("input.policy", reference, pinnedSHA256: input.policySHA256, limit: 1 << 20)
            outcome.record("policy", "\(file.path) (SHA-256 \(file.sha256))")
            policy = (file.bytes, file.path)
        }
        guard !input.cosigners.isEmpty else { throw .invalidField("input.cosigners must list at least one PSBT") }
        var cosigners: [(String, String, [UInt8])] = []
        for (position, cosigner) in input.cosigners.enumerated() {
            guard !cosigner.name.isEmpty else { throw .invalidField("input.cosigners[\(position)].name is empty") }
            let file = try context.read(
                "input.cosigners[\(position)].psbt", cosigner.psbt, pinnedSHA256: cosigner.psbtSHA256,
                limit: fileLimit)
            outcome.record("cosigner \(cosigner.name) PSBT", "\(file.path) (SHA-256 \(file.sha256))")
            cosigners.append((cosigner.name, file.path, file.bytes))
        }
        var referenceTime = SystemClock.now()
        if let clock = input.clock {
            guard let time = UTCTime(iso8601: clock) else {
                throw .invalidField("input.clock must be an RFC 3339 UTC time such as 2026-11-26T00:00:00Z")
            }
            referenceTime = time
        }
        let thousandths = input.feeRate * 1_000
        guard thousandths.isFinite, thousandths >= 1, thousandths <= 1e11, thousandths == thousandths.rounded() else {
            throw .invalidField("input.fee_rate must be a positive number of sat/vB with at most three decimals")
        }
        if let maxInputs = input.maxInputs, maxInputs < 1 { throw .invalidField("input.max_inputs must be at least 1") }
        return Files(
            descriptorText: descriptorText, utxos: utxos.bytes, policy: policy, cosigners: cosigners,
            referenceTime: referenceTime, feeRate: FeeRate(satoshisPerKilovbyte: Int64(thousandths)))
    }

    // MARK: The ceremony

    private struct Completed {
        struct Done {
            let txid: TransactionID
            let positions: Range<Int>
            /// Cosigner name → keys (hex) whose signatures, per input of this transaction, they contributed.
            let contributed: [String: [Set<String>]]
            /// Keys whose signatures are in the final scripts, per input.
            let finalSigners: [Set<String>]
        }
        var transactions: [Done]
        var fee: Int64

        func signed(input position: Int, by cosigner: String) -> Bool {
            guard let done = transactions.first(where: { $0.positions.contains(position) }) else { return false }
            let offset = position - done.positions.lowerBound
            guard let keys = done.contributed[cosigner]?[offset] else { return false }
            return !keys.intersection(done.finalSigners[offset]).isEmpty
        }
    }

    private static func perform(
        _ input: Input, files: inout Files, outcome: inout CaseOutcome
    ) throws(CeremonyError) -> Completed {
        let wallet = try CeremonyWallet(text: files.descriptorText)
        let utxos = try UTXO.parseList(files.utxos)
        let policy = try files.policy.map { file throws(CeremonyError) in
            try CeremonyPolicy.parse(file.bytes, source: file.path, referenceTime: files.referenceTime)
        }
        var chain = AuditChain()
        let planned = try CeremonySteps.plan(
            SweepRequest(
                wallet: wallet, utxos: utxos, destination: input.to, feeRate: files.feeRate, policy: policy,
                maximumInputs: input.maxInputs, psbtVersion: input.psbtVersion ?? 0),
            inputs: [AuditEntry.FileRecord(file: "utxos", bytes: files.utxos)])
        let plan = planned.product
        for warning in planned.warnings { outcome.record("warning", warning) }
        try record(&chain, planned.record, files.referenceTime)
        for (number, part) in plan.parts.enumerated() {
            outcome.record(
                "plan PSBT \(number + 1)",
                "SHA-256 \(SHA256Text.of(part.psbt.serialized())), unsigned txid \(part.txid), "
                    + "\(part.utxoPositions.count) inputs, fee \(part.fee) sat")
        }
        // Each cosigner file goes with the plan transaction it signs.
        var decoder = PSBTDecoder()
        var byPart = [[CeremonyFile]](repeating: [], count: plan.parts.count)
        var owners = [[String]](repeating: [], count: plan.parts.count)
        let ids = try plan.parts.map { part throws(CeremonyError) in
            try psbtCall { () throws(PSBTRoleError) in try part.psbt.uniqueID() }
        }
        for cosigner in files.cosigners {
            let psbt: PSBT
            do {
                psbt = try decoder.decode(detecting: cosigner.bytes)
            } catch {
                throw .unparsable("cosigner \(cosigner.name): \(cosigner.path) is not a valid PSBT: \(error)")
            }
            let id = try psbtCall { () throws(PSBTRoleError) in try psbt.uniqueID() }
            guard let index = ids.firstIndex(of: id) else {
                throw .refused(
                    "cosigner \(cosigner.name): \(cosigner.path) describes transaction \(id), which the plan did not "
                        + "produce")
            }
            byPart[index].append(CeremonyFile(name: "cosigner \(cosigner.name)", bytes: cosigner.bytes, psbt: psbt))
            owners[index].append(cosigner.name)
        }
        var completed = Completed(transactions: [], fee: 0)
        for (index, part) in plan.parts.enumerated() {
            let label = plan.parts.count == 1 ? "the transaction" : "transaction \(index + 1)"
            let network = policy?.network ?? plan.destination.network
            let rules = CeremonyRules(policy: policy, network: network)
            let planFile = CeremonyFile(name: "plan", bytes: part.psbt.serialized(), psbt: part.psbt)
            let combinedStep = try step {
                try CeremonySteps.combine(
                    [planFile] + byPart[index], rules: rules, knownKeys: decoder.parsedKeys, label: label)
            }
            let combined = combinedStep.product
            try record(&chain, combinedStep.record, files.referenceTime)
            // The steps' own verification, read back (the lab's rules keep an audit chain, so each step has it).
            let combinedStatus: SignatureStatus
            if let status = combinedStep.status {
                combinedStatus = status
            } else {
                combinedStatus = try SignatureStatus(combined, network: network)
            }
            for input in combinedStatus.inputs {
                let signed = input.signers.filter(\.hasSigned).map { $0.fingerprint?.description ?? $0.publicKey }
                let missing = input.signers.filter { !$0.hasSigned }.map { $0.fingerprint?.description ?? $0.publicKey }
                outcome.record(
                    "\(label) input \(input.index)",
                    "signed by \(signed.joined(separator: ", ")); not signed by \(missing.joined(separator: ", "))")
            }
            let combinedFile = CeremonyFile(name: "combined", bytes: combined.serialized(), psbt: combined)
            let finalizedStep = try step { try CeremonySteps.finalize(combinedFile, rules: rules, label: label) }
            let finalized = finalizedStep.product
            try record(&chain, finalizedStep.record, files.referenceTime)
            let finalizedFile = CeremonyFile(name: "finalized", bytes: finalized.serialized(), psbt: finalized)
            let extractedStep = try step { try CeremonySteps.extract(finalizedFile, rules: rules, label: label) }
            let transaction = extractedStep.product
            try record(&chain, extractedStep.record, files.referenceTime)
            for warning in combinedStep.warnings + finalizedStep.warnings + extractedStep.warnings {
                outcome.record("warning", warning)
            }
            let finalStatus: SignatureStatus
            if let status = extractedStep.status {
                finalStatus = status
            } else {
                finalStatus = try SignatureStatus(finalized, network: network)
            }
            let fee = try psbtCall { () throws(PSBTRoleError) in try finalized.fee() } ?? 0
            outcome.record("combined PSBT \(index + 1)", "SHA-256 \(SHA256Text.of(combined.serialized()))")
            outcome.record("finalized PSBT \(index + 1)", "SHA-256 \(SHA256Text.of(finalized.serialized()))")
            outcome.record(
                "transaction \(index + 1)",
                "txid \(transaction.txid), wtxid \(transaction.wtxid), fee \(fee) sat, "
                    + "\(CeremonyPolicy.rateText(FeeRate.achieved(fee: fee, virtualSize: transaction.virtualSize))) "
                    + "sat/vB (\(transaction.virtualSize) vB)")
            var contributed: [String: [Set<String>]] = [:]
            for (owner, source) in zip(owners[index], byPart[index]) {
                let alone = try SignatureStatus(source.psbt, network: network)
                let keys = alone.inputs.map { Set($0.signers.filter(\.hasSigned).map(\.publicKey)) }
                contributed[owner] = zip(contributed[owner] ?? keys.map { _ in [] }, keys).map { $0.union($1) }
            }
            completed.transactions.append(
                Completed.Done(
                    txid: transaction.txid, positions: part.utxoPositions, contributed: contributed,
                    finalSigners: finalStatus.inputs.map { Set($0.signers.filter(\.hasSigned).map(\.publicKey)) }))
            completed.fee += fee
        }
        outcome.record("audit chain head", "\(chain.head) after \(chain.entries.count) entries")
        return completed
    }

    private static func record(
        _ chain: inout AuditChain, _ record: AuditRecord, _ time: UTCTime
    ) throws(CeremonyError) {
        do {
            _ = try chain.append(record, tool: "custos lab", time: time)
        } catch {
            throw .refused("\(error)")
        }
    }

    /// Runs a ceremony step, mapping a PSBT role's error into the ceremony's.
    private static func step<T>(_ body: () throws -> T) throws(CeremonyError) -> T {
        do {
            return try body()
        } catch let error as CeremonyError {
            throw error
        } catch let error as PSBTRoleError {
            throw .psbt(error)
        } catch {
            throw .refused("\(error)")
        }
    }

    /// Runs a PSBT role, mapping its error into the ceremony's.
    private static func psbtCall<T>(_ body: () throws(PSBTRoleError) -> T) throws(CeremonyError) -> T {
        do {
            return try body()
        } catch {
            throw .psbt(error)
        }
    }
}
