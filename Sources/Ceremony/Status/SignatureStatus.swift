public import Bitcoin
public import BitcoinPSBT
internal import CustosCrypto

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
        public let problems: [String]

        public var signatureCount: Int { signers.filter(\.hasSigned).count }
        /// Signatures still needed (0 once complete or finalized).
        public var missing: Int {
            finalized ? 0 : max(0, (required ?? 0) - signatureCount)
        }
    }

    public let inspection: PSBTInspection
    public let inputs: [Input]

    public init(_ psbt: PSBT, network: Network) throws(CeremonyError) {
        do {
            inspection = try PSBTInspection(psbt, network: network)
        } catch {
            throw .psbt(error)
        }
        var inputs: [Input] = []
        inputs.reserveCapacity(psbt.inputs.count)
        var finalized: [Int: FinalScriptSigners] = [:]
        if psbt.inputs.contains(where: \.isFinalized), let transaction = try? psbt.unsignedTransaction(),
            let spent = psbt.spentOutputs(in: transaction),
            let hasher = try? SignatureHasher(transaction: transaction, spentOutputs: spent)
        {
            for index in psbt.inputs.indices where psbt.inputs[index].isFinalized {
                finalized[index] = FinalScriptSigners(
                    psbt: psbt, index: index, spent: spent[index], hasher: hasher)
            }
        }
        var globalKeys = GlobalKeyIndex(
            psbt.global.extendedPublicKeys.compactMap { entry in entry.key.map { ($0, entry.origin) } })
        for input in inspection.inputs {
            if input.finalized {
                let final = finalized[input.index]
                var signers: [Signer] = []
                for key in final?.keys ?? [] {
                    let origin = globalKeys.origin(of: key)
                    signers.append(
                        Signer(
                            publicKey: key.hexString, fingerprint: origin?.fingerprint, path: origin?.path,
                            hasSigned: final?.signed.contains(key) ?? false))
                }
                let problems =
                    final == nil ? ["the final scripts are not a multisig spend Custos can read back"] : input.problems
                inputs.append(
                    Input(
                        index: input.index, previousOutput: input.previousOutput, amount: input.amount,
                        finalized: true, required: final?.threshold, signers: signers, problems: problems))
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

    /// Every problem, prefixed with its input.
    public var problems: [String] {
        inputs.flatMap { input in input.problems.map { "input \(input.index): \($0)" } }
    }
}
