public import Bitcoin
public import BitcoinPSBT
public import Ceremony

/// What every ceremony step enforces: the migration policy (nil: none was given, and the step says what goes
/// unchecked), the signature rules, and the loosening flags the audit entry records.
public struct CeremonyRules: Sendable {
    public var policy: CeremonyPolicy?
    public var signatures: PartialSignatureVerifier
    /// The loosening options given (`--allow-sighash`, ...), recorded in each audit entry as the user spelled them.
    public var flags: [String]
    /// The network for addresses, when the user named one.
    public var network: Network?
    /// Whether the step's audit entry will be kept: without it (and without a policy) a step does not read the
    /// signers back, which costs a pass over every input.
    public var recordsAudit: Bool

    public init(
        policy: CeremonyPolicy? = nil, signatures: PartialSignatureVerifier = PartialSignatureVerifier(),
        flags: [String] = [], network: Network? = nil, recordsAudit: Bool = true
    ) {
        self.policy = policy
        self.signatures = signatures
        self.flags = flags
        self.network = network
        self.recordsAudit = recordsAudit
    }

    /// The named network, else the policy's, else test networks when the PSBT's global xpubs are tpubs, else main.
    public func network(for psbt: PSBT) -> Network {
        if let network { return network }
        if let network = policy?.network { return network }
        return psbt.global.extendedPublicKeys.compactMap { $0.key?.network }.first ?? .mainnet
    }

    /// The warning a step prints when it runs without a policy, naming what goes unchecked.
    func missingPolicyWarnings(step: String) -> [String] {
        policy == nil ? [CeremonyPolicy.missingPolicyWarning(step: step)] : []
    }
}

/// One PSBT file as read: its name and bytes (for the audit log) and the decoded PSBT.
public struct CeremonyFile: Sendable {
    public let name: String
    public let bytes: [UInt8]
    public let psbt: PSBT

    public init(name: String, bytes: [UInt8], psbt: PSBT) {
        self.name = name
        self.bytes = bytes
        self.psbt = psbt
    }

    var record: AuditEntry.FileRecord { AuditEntry.FileRecord(file: name, bytes: bytes) }
}

/// What a step produced: the PSBT or transaction, lines for the user (trust warnings, notices, the missing-policy
/// warning) and the audit entry to append once the output exists (the caller adds the output file records).
public struct CeremonyStepResult<Product: Sendable>: Sendable {
    public let product: Product
    public let warnings: [String]
    public var record: AuditRecord
    /// Who signed each input, as the step read it back from its own verification (nil when the step had no policy
    /// to check and no audit entry to fill): combine's of the combined PSBT, finalize's of its input's partial
    /// signatures, extract's of the final scripts. Callers reuse it rather than verifying again.
    public var status: SignatureStatus? = nil
}
