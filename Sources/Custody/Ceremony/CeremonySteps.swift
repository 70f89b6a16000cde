public import Bitcoin
public import BitcoinPSBT
public import Ceremony

/// The migration ceremony's steps, each one function that `custos psbt combine|finalize|extract` and the lab's
/// `migration-ceremony` kind both call: verify what the step relies on, enforce the policy, and describe the step
/// for the audit log. Errors thrown are `CodedFailure`s: `PSBTRoleError` (a signature, the transaction) and
/// `CeremonyError` (a policy rule).
public enum CeremonySteps {
    /// Combines cosigners' copies of one PSBT: every partial signature and finalized input verified (refusals name
    /// the files that carry them), then the policy's destination, fee and cosigner rules on the combined PSBT.
    public static func combine(
        _ files: [CeremonyFile], rules: CeremonyRules, knownKeys: ParsedPublicKeys = ParsedPublicKeys(),
        label: String = "the combined PSBT"
    ) throws -> CeremonyStepResult<PSBT> {
        let outcome = try PSBTCombiner.combineVerified(
            files.map { NamedPSBT(name: $0.name, psbt: $0.psbt) }, verifier: rules.signatures, knownKeys: knownKeys)
        let combined = outcome.psbt
        let warnings =
            outcome.report.trustWarnings + outcome.notices.map { "note: " + $0 }
            + rules.missingPolicyWarnings(step: "combine")
        var status: SignatureStatus?
        if rules.policy != nil || rules.recordsAudit {
            status = try SignatureStatus(combined, network: rules.network(for: combined), report: outcome.report)
        }
        if let policy = rules.policy, let status { try policy.checkCombined(combined, status: status, label: label) }
        return CeremonyStepResult(
            product: combined, warnings: warnings,
            record: try record("combine", inputs: files.map(\.record), psbt: combined, status: status, rules: rules),
            status: status)
    }

    /// Finalizes the inputs that have enough valid signatures; with a policy, the finalized PSBT must pass it as
    /// extraction checks it (signers read back from the final scripts).
    public static func finalize(
        _ file: CeremonyFile, rules: CeremonyRules, knownKeys: ParsedPublicKeys = ParsedPublicKeys(),
        label: String = "the finalized PSBT"
    ) throws -> CeremonyStepResult<PSBT> {
        let report = try rules.signatures.verify(file.psbt, knownKeys: knownKeys)
        let (finalized, finalizedReport) = try PSBTFinalizer.finalizeReporting(file.psbt, report: report)
        let network = rules.network(for: file.psbt)
        if let policy = rules.policy {
            let finalStatus = try SignatureStatus(finalized, network: network, report: finalizedReport)
            try policy.checkExtracted(finalized, status: finalStatus, label: label)
        }
        // Signers are read from the partial signatures before finalizing (their key origins go with them).
        let status = rules.recordsAudit ? try SignatureStatus(file.psbt, network: network, report: report) : nil
        return CeremonyStepResult(
            product: finalized,
            warnings: report.trustWarnings + rules.missingPolicyWarnings(step: "finalize"),
            record: try record("finalize", inputs: [file.record], psbt: finalized, status: status, rules: rules),
            status: status)
    }

    /// The signed network transaction: every finalized input verified (or, by explicit choice, trusted), amounts
    /// and the fee rate checked, and with a policy its destination, caps and the required cosigners' quorum.
    public static func extract(
        _ file: CeremonyFile, rules: CeremonyRules, maximumFeeRate: Int64? = PSBTExtractor.defaultMaximumFeeRate,
        label: String = "the transaction"
    ) throws -> CeremonyStepResult<Transaction> {
        let report = try rules.signatures.verify(file.psbt)
        let transaction = try PSBTExtractor.extract(file.psbt, report: report, maximumFeeRate: maximumFeeRate)
        var status: SignatureStatus?
        if rules.policy != nil || rules.recordsAudit {
            status = try SignatureStatus(file.psbt, network: rules.network(for: file.psbt), report: report)
        }
        if let policy = rules.policy, let status { try policy.checkExtracted(file.psbt, status: status, label: label) }
        var record = try record("extract", inputs: [file.record], psbt: file.psbt, status: status, rules: rules)
        record.txids = [transaction.txid.description]
        record.details["wtxid"] = transaction.wtxid.description
        record.details["vsize"] = String(transaction.virtualSize)
        return CeremonyStepResult(
            product: transaction, warnings: report.trustWarnings + rules.missingPolicyWarnings(step: "extract"),
            record: record, status: status)
    }

    private static func record(
        _ action: String, inputs: [AuditEntry.FileRecord], psbt: PSBT, status: SignatureStatus?, rules: CeremonyRules
    ) throws -> AuditRecord {
        var details: [String: String] = [:]
        if let fee = try psbt.fee() { details["fee_sat"] = String(fee) }
        return AuditRecord(
            action: action, inputs: inputs, txids: [try psbt.unsignedTransaction().txid.description],
            signers: status?.fingerprintsSeen.map(\.description) ?? [], details: details,
            policy: rules.policy?.auditRecord, flags: rules.flags)
    }
}

extension CeremonySteps {
    /// The unsigned sweep PSBT(s) of an emergency migration, and the plan's audit entry (`inputs`: the wallet,
    /// UTXO list and policy files as read).
    public static func plan(
        _ request: SweepRequest, inputs: [AuditEntry.FileRecord]
    ) throws(CeremonyError) -> CeremonyStepResult<SweepPlan> {
        let plan = try SweepPlanner.plan(request)
        var files = inputs
        if let policy = request.policy {
            files.append(AuditEntry.FileRecord(file: policy.source, sha256: policy.sha256))
        }
        let details = [
            "destination": plan.destination.description, "fee_rate_sat_vb": plan.feeRate.description,
            "total_fee_sat": String(plan.totalFee), "total_amount_sat": String(plan.totalAmount),
            "utxos": String(request.utxos.count), "transactions": String(plan.parts.count),
        ]
        return CeremonyStepResult(
            product: plan,
            warnings: request.policy == nil ? [CeremonyPolicy.missingPolicyWarning(step: "plan")] : [],
            record: AuditRecord(
                action: "plan", inputs: files, txids: plan.parts.map(\.txid.description), details: details,
                policy: request.policy?.auditRecord))
    }

    /// A replacement (RBF) of `file`'s transaction paying at least `feeRate` from the same inputs, within the
    /// policy's fee caps; it needs every cosigner's signature again.
    public static func bump(
        _ file: CeremonyFile, feeRate: FeeRate, rules: CeremonyRules
    ) throws(CeremonyError) -> CeremonyStepResult<FeeBumper.Bump> {
        let bump = try FeeBumper.bump(file.psbt, feeRate: feeRate, policy: rules.policy)
        return CeremonyStepResult(
            product: bump, warnings: rules.missingPolicyWarnings(step: "bump"),
            record: AuditRecord(
                action: "bump", inputs: [file.record], txids: [bump.txid.description],
                details: [
                    "replaces": bump.replaces.description, "fee_sat": String(bump.fee),
                    "previous_fee_sat": String(bump.originalFee), "fee_rate_sat_vb": feeRate.description,
                ], policy: rules.policy?.auditRecord, flags: rules.flags))
    }
}
