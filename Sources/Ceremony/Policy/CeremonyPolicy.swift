public import Bitcoin
public import BitcoinPSBT
public import CustosSupport
public import ManifestProfile

/// The migration policy as the ceremony enforces it: the `MigrationPolicy` of a policy file or of the trusted
/// manifest, the time it is judged at, and one check per step. Every refusal is a `PolicyViolation` naming the
/// policy field (rule) that was broken.
public struct CeremonyPolicy: Sendable {
    public let policy: MigrationPolicy
    /// Where the policy came from, for messages and the audit log ("policy.json", "manifest /path").
    public let source: String
    /// SHA-256 of the policy file's bytes.
    public let sha256: String
    public let referenceTime: UTCTime
    public let destinations: AllowedDestinations
    /// For a manifest's policy: the versions of the trusted root and targets metadata it was read through.
    public let manifestVersions: (root: Int64, targets: Int64)?

    public init(
        _ policy: MigrationPolicy, source: String, sha256: String, referenceTime: UTCTime = SystemClock.now(),
        manifestVersions: (root: Int64, targets: Int64)? = nil
    ) {
        self.policy = policy
        self.source = source
        self.sha256 = sha256
        self.referenceTime = referenceTime
        self.manifestVersions = manifestVersions
        destinations = AllowedDestinations(policy.allowedDestinations, network: policy.network.network)
    }

    /// What the audit log records of this policy: its content's SHA-256, not only its path.
    public var auditRecord: AuditEntry.PolicyRecord {
        AuditEntry.PolicyRecord(
            sha256: sha256, source: source, manifestRootVersion: manifestVersions?.root,
            manifestTargetsVersion: manifestVersions?.targets)
    }

    /// The warning a ceremony step prints when it runs without a policy, naming what goes unchecked.
    public static func missingPolicyWarning(step: String) -> String {
        let unchecked: String
        switch step {
        case "plan": unchecked = "the destination, the fee caps and the policy's expiry"
        case "combine": unchecked = "destinations, fee caps, expiry and whether each signer is a required cosigner"
        case "bump": unchecked = "the fee caps and the policy's expiry"
        default: unchecked = "destinations, fee caps, expiry, the required cosigners and their quorum"
        }
        return "warning: \(step) without a migration policy (--policy or --manifest): \(unchecked) are NOT checked"
    }

    /// The network the policy is written for.
    public var network: Network { policy.network.network }

    /// Parses a policy file (`MigrationPolicy.parse`).
    public static func parse(
        _ bytes: [UInt8], source: String, referenceTime: UTCTime = SystemClock.now()
    ) throws(CeremonyError) -> CeremonyPolicy {
        do {
            let policy = try MigrationPolicy.parse(bytes, source: source)
            return CeremonyPolicy(
                policy, source: source, sha256: SHA256Text.of(bytes), referenceTime: referenceTime)
        } catch {
            throw .unparsable("migration policy \(error)")
        }
    }

    /// The policy of the trusted manifest in `folder` (verified offline from its pinned root). Refused when any
    /// role of the manifest has expired or the manifest has no usable migration policy.
    public static func fromManifest(
        folder: String, referenceTime: UTCTime = SystemClock.now()
    ) throws(CeremonyError) -> CeremonyPolicy {
        let manifest: TrustedManifest
        do {
            manifest = try TrustedManifest.load(from: ManifestStore(folder: folder), referenceTime: referenceTime)
        } catch {
            throw .refused("manifest \(folder): \(error)")
        }
        let expired = manifest.roles.filter(\.isExpired)
        guard expired.isEmpty else {
            let roles = expired.map { "\($0.name) expired \($0.expires)" }.joined(separator: ", ")
            throw .refused("manifest \(folder) has expired (\(roles)); refusing its migration policy")
        }
        guard let policy = manifest.policy else {
            let why = manifest.problems.isEmpty ? "" : ": " + manifest.problems.joined(separator: "; ")
            throw .refused("manifest \(folder) has no migration policy (\(MigrationPolicy.targetPath))\(why)")
        }
        // TrustedManifest.load checked the stored file's length and hashes against the signed targets metadata.
        let stored = ManifestStore(folder: folder).storedTargetPath(MigrationPolicy.targetPath)
        let bytes = (try? LocalFile.contents(of: stored, limit: MigrationPolicy.maximumFileLength)) ?? []
        let version = { (name: String) in manifest.roles.first { $0.name == name }?.version ?? 0 }
        return CeremonyPolicy(
            policy, source: "manifest \(folder)", sha256: SHA256Text.of(bytes), referenceTime: referenceTime,
            manifestVersions: (version("root"), version("targets")))
    }

    private func violation(_ rule: PolicyRule, _ detail: String) -> CeremonyError {
        .policy(PolicyViolation(rule, detail))
    }

    // MARK: Checks

    /// The policy must still be valid at the reference time.
    public func checkNotExpired() throws(CeremonyError) {
        guard !policy.isExpired(at: referenceTime) else {
            throw violation(.expires, "the policy expired at \(policy.expires) (now \(referenceTime))")
        }
    }

    /// The wallet must be on the policy's network, hold every required cosigner, and be able to show a quorum.
    public func checkWallet(_ wallet: CeremonyWallet) throws(CeremonyError) {
        guard wallet.isCompatible(with: network) else {
            throw violation(
                .network,
                "the policy is for \(policy.network.rawValue) but the wallet's keys are "
                    + (wallet.keyNetwork == .mainnet ? "mainnet xpubs" : "testnet tpubs"))
        }
        let walletFingerprints = Set(wallet.cosigners.map(\.fingerprint.description))
        for required in policy.requiredCosigners where !walletFingerprints.contains(required) {
            throw violation(
                .requiredCosigners,
                "required cosigner \(required) is not a key of this wallet (its keys: "
                    + wallet.cosigners.map(\.fingerprint.description).joined(separator: ", ") + ")")
        }
        guard policy.quorum <= wallet.threshold else {
            throw violation(
                .quorum,
                "the policy asks for \(policy.quorum) signatures but the wallet's script takes only "
                    + "\(wallet.threshold), so a quorum could never be shown")
        }
    }

    /// Every output must pay an allowed destination.
    public func checkOutputs(_ transaction: Transaction, label: String) throws(CeremonyError) {
        for (index, output) in transaction.outputs.enumerated() where !destinations.allows(output.scriptPubKey) {
            let address = (try? Address(scriptPubKey: output.scriptPubKey, network: network))?.description
            throw violation(
                .allowedDestinations,
                "\(label): output \(index) pays \(address ?? "script " + output.scriptPubKey.description), "
                    + "which is not an allowed destination")
        }
    }

    /// The fee and the fee rate must be within the caps. `virtualSize` is the smallest size the transaction can
    /// have (exact once finalized), so the rate checked is the highest it can reach.
    public func checkFee(_ fee: Int64, virtualSize: Int, label: String) throws(CeremonyError) {
        if fee > policy.maximumFee {
            throw violation(.maximumFee, "\(label): fee \(fee) sat is above the maximum of \(policy.maximumFee) sat")
        }
        let rate = FeeRate.achieved(fee: fee, virtualSize: virtualSize)
        if rate > policy.maximumFeeRate {
            throw violation(
                .maximumFeeRate,
                "\(label): fee rate \(Self.rateText(rate)) sat/vB (fee \(fee) sat for \(virtualSize) vB) is above "
                    + "the maximum of \(Self.rateText(policy.maximumFeeRate)) sat/vB")
        }
    }

    /// Every signature must come from a required cosigner; with `requireQuorum`, every input must also carry
    /// signatures from at least `quorum` distinct required cosigners.
    public func checkSigners(_ status: SignatureStatus, requireQuorum: Bool, label: String) throws(CeremonyError) {
        let required = Set(policy.requiredCosigners)
        for input in status.inputs {
            for signer in input.signers where signer.hasSigned {
                guard let fingerprint = signer.fingerprint else {
                    throw violation(
                        .requiredCosigners,
                        "\(label): input \(input.index) carries a signature by key \(signer.publicKey), whose "
                            + "cosigner fingerprint is unknown")
                }
                guard required.contains(fingerprint.description) else {
                    throw violation(
                        .requiredCosigners,
                        "\(label): input \(input.index) carries a signature from \(fingerprint), which is not a "
                            + "required cosigner (\(policy.requiredCosigners.joined(separator: ", ")))")
                }
            }
            if requireQuorum {
                let signed = Set(input.signers.filter(\.hasSigned).compactMap { $0.fingerprint?.description })
                    .intersection(required)
                guard signed.count >= policy.quorum else {
                    throw violation(
                        .quorum,
                        "\(label): input \(input.index) is signed by \(signed.count) required cosigner"
                            + "\(signed.count == 1 ? "" : "s") (\(signed.sorted().joined(separator: ", "))); the "
                            + "policy's quorum is \(policy.quorum)")
                }
            }
        }
    }

    /// `custos psbt combine --policy`: unexpired, outputs allowed, fee within the caps (at the highest rate the
    /// signatures can give), and every signature from a required cosigner. The quorum is not required yet: copies
    /// may be combined as they arrive.
    public func checkCombined(_ psbt: PSBT, status: SignatureStatus, label: String) throws(CeremonyError) {
        try checkNotExpired()
        try checkTransaction(psbt, status: status, label: label)
        try checkSigners(status, requireQuorum: false, label: label)
    }

    /// `custos psbt extract --policy`: as for combine, with the exact size, and every input signed by at least
    /// `quorum` required cosigners.
    public func checkExtracted(_ psbt: PSBT, status: SignatureStatus, label: String) throws(CeremonyError) {
        try checkNotExpired()
        try checkTransaction(psbt, status: status, label: label)
        try checkSigners(status, requireQuorum: true, label: label)
    }

    private func checkTransaction(_ psbt: PSBT, status: SignatureStatus, label: String) throws(CeremonyError) {
        let transaction: Transaction
        let fee: Int64?
        do {
            transaction = try psbt.unsignedTransaction()
            fee = try psbt.fee()
        } catch {
            throw .psbt(error)
        }
        try checkOutputs(transaction, label: label)
        guard let fee, let size = status.virtualSizeRange else {
            throw violation(.maximumFee, "\(label): the fee cannot be known (input amounts or scripts are missing)")
        }
        try checkFee(fee, virtualSize: size.typical, label: label)
    }

    /// A rate in sat/vB with at most two decimals ("12", "12.35").
    public static func rateText(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return scaled == scaled.rounded() ? String(Int64(scaled)) : String(scaled)
    }
}
