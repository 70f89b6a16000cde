public import Bitcoin
public import BitcoinPSBT
internal import CustosCrypto
public import CustosSupport

/// Who has signed each input of one PSBT, by cosigner: the keys that may sign with their fingerprints, which
/// signatures are present and valid, and what is missing. Unfinalized inputs are read from their partial
/// signatures and BIP32 derivations (every signature verified); finalized inputs from their final scripts, with
/// the fingerprints found through the global xpubs.
public struct SignatureStatus: Sendable {
    /// A key that may sign an input.
    public struct Signer: Sendable, Equatable {
        /// Hex: 33-byte key, or 32-byte x-only key for taproot.
        public let publicKey: String
        public let fingerprint: Fingerprint?
        /// Full path from the master key, when known.
        public let path: DerivationPath?
        public let hasSigned: Bool
    }

    public struct Input: Sendable {
        public let index: Int
        public let previousOutput: OutPoint
        public let amount: Int64?
        public let finalized: Bool
        /// Signatures the script needs; nil when unknown.
        public let required: Int?
        /// In script order.
        public let signers: [Signer]
        /// Invalid signatures, scripts that do not match, missing data.
        public let problems: [Problem]

        public var signatureCount: Int { signers.filter(\.hasSigned).count }
        /// Signatures still needed (0 once complete or finalized).
        public var missing: Int {
            finalized ? 0 : max(0, (required ?? 0) - signatureCount)
        }
    }

    public let inspection: PSBTInspection
    public let inputs: [Input]

    /// Verifies `psbt` with `verifier` (every partial signature and finalized input) and reads who signed.
    public init(
        _ psbt: PSBT, network: Network, verifier: PartialSignatureVerifier = PartialSignatureVerifier()
    ) throws(CeremonyError) {
        let report: SignatureReport
        do {
            report = try verifier.verify(psbt)
        } catch {
            throw .psbt(error)
        }
        try self.init(psbt, network: network, report: report)
    }

    /// Reads who signed from `report`, the verification of this same PSBT (reused: nothing is verified twice, and
    /// the final scripts' signers pass the same hash-type rule as partial signatures).
    public init(_ psbt: PSBT, network: Network, report: SignatureReport) throws(CeremonyError) {
        do {
            inspection = try PSBTInspection(psbt, network: network, report: report)
        } catch {
            throw .psbt(error)
        }
        var inputs: [Input] = []
        inputs.reserveCapacity(psbt.inputs.count)
        var globalKeys = GlobalKeyIndex(
            psbt.global.extendedPublicKeys.compactMap { entry in entry.key.map { ($0, entry.origin) } })
        for input in inspection.inputs {
            if input.finalized {
                // The final scripts' keys carry no origins: the cosigners are found through the global xpubs.
                var signers: [Signer] = []
                for signer in input.signers {
                    let origin = [UInt8](hex: signer.publicKey).flatMap { globalKeys.origin(of: $0) }
                    signers.append(
                        Signer(
                            publicKey: signer.publicKey, fingerprint: origin?.fingerprint, path: origin?.path,
                            hasSigned: signer.hasSigned))
                }
                var problems = input.problems
                switch input.finalScripts {
                case .verified: break
                case .trusted(let reason):
                    problems.append(Self.trustedFinalScripts(input: input.index, reason: reason))
                case .refused, nil:
                    if problems.isEmpty { problems.append(Self.unreadableFinalScripts(input: input.index)) }
                }
                let verified = { () -> Bool in
                    if case .verified = input.finalScripts { return true }
                    return false
                }()
                inputs.append(
                    Input(
                        index: input.index, previousOutput: input.previousOutput, amount: input.amount,
                        finalized: true, required: verified ? input.required : nil, signers: signers,
                        problems: problems))
            } else {
                inputs.append(
                    Input(
                        index: input.index, previousOutput: input.previousOutput, amount: input.amount,
                        finalized: false, required: input.required,
                        signers: input.signers.map {
                            Signer(
                                publicKey: $0.publicKey, fingerprint: $0.origin?.fingerprint, path: $0.origin?.path,
                                hasSigned: $0.hasSigned)
                        }, problems: input.problems))
            }
        }
        self.inputs = inputs
    }

    /// The finalized virtual size: with the largest (72-byte) ECDSA signatures, and with 71-byte ones (exact for
    /// taproot and once finalized). Nil when an input's spend is unknown.
    public var virtualSizeRange: (upper: Int, typical: Int)? {
        guard let upper = inspection.virtualSize else { return nil }
        guard inspection.virtualSizeIsEstimate else { return (upper, upper) }
        // One byte less per ECDSA signature still to come: 4 weight units in a scriptSig, 1 in a witness.
        var smaller = 0
        for input in inspection.inputs where !input.finalized {
            guard let type = input.scriptType, type != "p2tr", let required = input.required else { continue }
            smaller += required * (type == "p2sh" || type == "p2pkh" ? 4 : 1)
        }
        return (upper, SpendSize.virtualSize(weight: upper * 4 - smaller))
    }

    /// Fingerprints of the cosigners with at least one valid signature, sorted.
    public var fingerprintsSeen: [Fingerprint] {
        Array(Set(inputs.flatMap { $0.signers.filter(\.hasSigned).compactMap(\.fingerprint) })).sorted()
    }

    /// Every problem, its message prefixed with its input.
    public var problems: [Problem] {
        inputs.flatMap { input in
            input.problems.map { problem in
                Problem(
                    code: problem.code, message: "input \(input.index): \(problem.message)",
                    context: problem.context.map { ($0.key, $0.value) })
            }
        }
    }
}
