internal import Bitcoin
internal import CustosCrypto
internal import Secp256k1

/// A partial signature that verified: against which key, and for taproot which leaf (nil for the key path).
public struct VerifiedSignature: Sendable, Hashable {
    public let publicKey: [UInt8]
    /// The signature as stored: DER plus hash type (ECDSA), or 64/65 bytes (Schnorr).
    public let signature: [UInt8]
    public let leafHash: [UInt8]?
    public let isTaprootKeyPath: Bool
}

/// The outcome of checking every partial signature and every finalized input of a PSBT.
public struct SignatureReport: Sendable {
    public struct Input: Sendable {
        public let index: Int
        /// How the input is spent; nil when that could not be worked out (`spendProblem` says why).
        public let spend: InputSpend?
        public let spendProblem: SignatureFailure.Reason?
        public let valid: [VerifiedSignature]
        public let failures: [SignatureFailure]
        /// For a finalized input: what its final scriptSig and witness proved (nil when not finalized).
        public let finalScripts: FinalScriptsCheck?

        /// The same input without its partial signatures (the combiner drops them once an input is finalized).
        func withoutPartialSignatures() -> Input {
            Input(
                index: index, spend: spend, spendProblem: spendProblem, valid: [], failures: failures,
                finalScripts: finalScripts)
        }
    }

    public let inputs: [Input]

    public var failures: [SignatureFailure] { inputs.flatMap(\.failures) }
    public var verifiedCount: Int { inputs.reduce(0) { $0 + $1.valid.count } }

    /// Failures about data Custos does not support (MuSig2 partial signatures): exit 2 rather than 1.
    public var unsupported: [SignatureFailure] { failures.filter(\.reason.isUnsupported) }

    /// Finalized inputs accepted unchecked because the caller trusts finalized inputs, with the reason each could
    /// not be checked.
    public var trustedFinalInputs: [(index: Int, reason: String)] {
        inputs.compactMap { input in
            if case .trusted(let reason) = input.finalScripts { return (input.index, reason) }
            return nil
        }
    }

    /// One warning line per finalized input accepted without checking.
    public var trustWarnings: [String] {
        trustedFinalInputs.map {
            "warning: input \($0.index): final scripts accepted WITHOUT checking (--trust-finalized): \($0.reason)"
        }
    }

    /// Throws unless every signature and every finalized input passed: `.unsupported` for MuSig2 data, else
    /// `.invalidSignatures` with every failure.
    public func requireValid() throws(PSBTRoleError) {
        try Self.require(noFailures: failures)
    }

    /// Throws `.unsupported` when any of `failures` is about unsupported data, else `.invalidSignatures` when there
    /// are any.
    public static func require(noFailures failures: [SignatureFailure]) throws(PSBTRoleError) {
        let unsupported = failures.filter(\.reason.isUnsupported)
        if !unsupported.isEmpty { throw .unsupported(unsupported.map(\.description).joined(separator: "; ")) }
        guard failures.isEmpty else { throw .invalidSignatures(failures) }
    }
}

/// Checks every partial signature of a PSBT before it is combined, finalized or extracted: each against the right
/// sighash (legacy, BIP143 with the spent amount, BIP341 with every spent output) and the key that the spent
/// script names; and every finalized input's final scriptSig and witness (`verifyFinalScripts`) with the same
/// signature rules. High-S signatures, a hash type different from PSBT_IN_SIGHASH_TYPE and, unless allowed, any
/// hash type but ALL/DEFAULT are refused, in `checkECDSA` and `checkSchnorr` alone. Inputs are checked in parallel
/// on every core.
public struct PartialSignatureVerifier: Sendable {
    /// Accept NONE, SINGLE and ANYONECANPAY signatures (they let others change the transaction).
    public var allowAnySighash: Bool
    /// Accept finalized inputs whose template Custos cannot check (anything but the multisig and single-key
    /// spends it finalizes itself), unchecked. Recognised templates are always checked.
    public var trustFinalized: Bool

    public init(allowAnySighash: Bool = false, trustFinalized: Bool = false) {
        self.allowAnySighash = allowAnySighash
        self.trustFinalized = trustFinalized
    }

    /// Checks every partial signature of `psbt`. `knownKeys` (from the `PSBTDecoder` that read it) saves parsing
    /// each public key again.
    public func verify(
        _ psbt: PSBT, knownKeys: ParsedPublicKeys = ParsedPublicKeys()
    ) throws(PSBTRoleError)
        -> SignatureReport
    {
        let transaction = try psbt.unsignedTransaction()
        let spentOutputs = psbt.spentOutputs(in: transaction)
        let hasher: SignatureHasher
        do {
            hasher = try SignatureHasher(transaction: transaction, spentOutputs: spentOutputs)
        } catch {
            throw .missingField("spent outputs (\(error))")
        }
        let policy = self
        let inputs = ParallelMap.map(count: psbt.inputs.count) { index in
            policy.verifyInput(index, psbt: psbt, transaction: transaction, hasher: hasher, knownKeys: knownKeys)
        }
        return SignatureReport(inputs: inputs)
    }

    func verifyInput(
        _ index: Int, psbt: PSBT, transaction: Transaction, hasher: SignatureHasher, knownKeys: ParsedPublicKeys
    ) -> SignatureReport.Input {
        let input = psbt.inputs[index]
        var partial = verifyPartialSignatures(
            index, psbt: psbt, transaction: transaction, hasher: hasher, knownKeys: knownKeys)
        if input.map.contains(PSBTKeyType.Input.musig2PartialSignature) {
            partial.failures.append(SignatureFailure(inputIndex: index, publicKey: "", reason: .musig2Unsupported))
        }
        var finalScripts: FinalScriptsCheck?
        if input.isFinalized {
            let (check, failures) = verifyFinalScripts(
                index, psbt: psbt, transaction: transaction, hasher: hasher, knownKeys: knownKeys)
            finalScripts = check
            partial.failures += failures
        }
        return SignatureReport.Input(
            index: index, spend: partial.spend, spendProblem: partial.spendProblem, valid: partial.valid,
            failures: partial.failures, finalScripts: finalScripts)
    }

    private func verifyPartialSignatures(
        _ index: Int, psbt: PSBT, transaction: Transaction, hasher: SignatureHasher, knownKeys: ParsedPublicKeys
    ) -> (
        spend: InputSpend?, spendProblem: SignatureFailure.Reason?, valid: [VerifiedSignature],
        failures: [SignatureFailure]
    ) {
        let input = psbt.inputs[index]
        let spend: InputSpend
        do {
            spend = try InputSpend(psbt: psbt, index: index, transaction: transaction)
        } catch {
            let failures =
                input.hasSignatures && !input.isFinalized
                ? [SignatureFailure(inputIndex: index, publicKey: "", reason: error)] : []
            return (nil, error, [], failures)
        }
        var valid: [VerifiedSignature] = []
        var failures: [SignatureFailure] = []
        func record(_ key: [UInt8], _ reason: SignatureFailure.Reason) {
            failures.append(SignatureFailure(inputIndex: index, publicKey: key.hexString, reason: reason))
        }
        let field = input.sighashType
        for (key, signature) in input.partialSignatures {
            if let reason = checkECDSA(
                key: key, signature: signature, field: field, spend: spend, index: index, hasher: hasher,
                knownKeys: knownKeys)
            {
                record(key, reason)
            } else {
                valid.append(
                    VerifiedSignature(publicKey: key, signature: signature, leafHash: nil, isTaprootKeyPath: false))
            }
        }
        for (key, leafHash, signature) in input.tapScriptSignatures {
            if let reason = checkSchnorr(
                key: key, signature: signature, leafHash: leafHash, field: field, spend: spend, index: index,
                hasher: hasher)
            {
                record(key, reason)
            } else {
                valid.append(
                    VerifiedSignature(publicKey: key, signature: signature, leafHash: leafHash, isTaprootKeyPath: false)
                )
            }
        }
        if let signature = input.tapKeySignature {
            if case .taproot(let outputKey) = spend.kind {
                if let reason = checkSchnorr(
                    key: outputKey, signature: signature, leafHash: nil, field: field, spend: spend, index: index,
                    hasher: hasher)
                {
                    record(outputKey, reason)
                } else {
                    valid.append(
                        VerifiedSignature(
                            publicKey: outputKey, signature: signature, leafHash: nil, isTaprootKeyPath: true))
                }
            } else {
                // Not ignored: a cosigner that signs a key path the output does not have signed something else.
                record([], .unsupportedScript("a taproot key-path signature on a \(spend.scriptType) input"))
            }
        }
        return (spend, nil, valid, failures)
    }

    /// Nil when `signature` is a valid, allowed ECDSA signature by `key` for input `index` spent as `spend`.
    func checkECDSA(
        key: [UInt8], signature: [UInt8], field: UInt32?, spend: InputSpend, index: Int, hasher: SignatureHasher,
        knownKeys: ParsedPublicKeys
    ) -> SignatureFailure.Reason? {
        guard let hashTypeByte = signature.last, SignatureEncoding.isValidECDSASignature(signature) else {
            return .invalidEncoding("not strict DER with a defined hash type")
        }
        let hashType = UInt32(hashTypeByte)
        if let field, field != hashType { return .sighashMismatch(signature: hashType, field: field) }
        if !allowAnySighash && hashType != SighashType.all.rawValue { return .sighashNotAllowed(hashType) }
        guard spend.canSign(with: key) else { return .keyNotInScript }
        if spend.isSegwit && key.count != 33 { return .unsupportedScript("uncompressed key in a segwit script") }
        let digest: [UInt8]
        switch spend.kind {
        case .legacy(let scriptCode):
            digest = hasher.legacy(inputIndex: index, scriptCode: scriptCode, hashType: hashType)
        case .segwitV0(let scriptCode):
            do {
                digest = try hasher.segwitV0(
                    inputIndex: index, scriptCode: scriptCode, amount: spend.spentOutput.value, hashType: hashType)
            } catch {
                return .sighash("\(error)")
            }
        case .taproot:
            return .unsupportedScript("an ECDSA signature on a taproot input")
        }
        guard let parsed = try? ECDSASignature(der: signature.dropLast()) else {
            return .invalidEncoding("DER does not parse")
        }
        guard parsed.isLowS else { return .highS }
        guard let publicKey = knownKeys.key(for: key) ?? (try? Secp256k1PublicKey(bytes: key)) else {
            return .invalidEncoding("invalid public key")
        }
        return publicKey.isValidSignature(parsed, digest: digest, lowS: .requireLowS) ? nil : .doesNotVerify
    }

    /// Nil when `signature` is a valid, allowed BIP340 signature by `key` for input `index` (script path when
    /// `leafHash` is given, else key path).
    func checkSchnorr(
        key: [UInt8], signature: [UInt8], leafHash: [UInt8]?, field: UInt32?, spend: InputSpend, index: Int,
        hasher: SignatureHasher
    ) -> SignatureFailure.Reason? {
        guard case .taproot = spend.kind else {
            return .unsupportedScript("a Schnorr signature on a non-taproot input")
        }
        guard signature.count == 64 || signature.count == 65 else {
            return .invalidEncoding("a Schnorr signature is 64 or 65 bytes, not \(signature.count)")
        }
        let hashType: UInt32
        if signature.count == 65 {
            hashType = UInt32(signature[64])
            guard hashType != 0 else { return .invalidEncoding("65-byte signature with hash type 0") }
            guard SighashType(rawValue: hashType).isDefinedForTaproot else {
                return .invalidEncoding("undefined hash type \(hashType)")
            }
        } else {
            hashType = 0
        }
        if let field, field != hashType { return .sighashMismatch(signature: hashType, field: field) }
        if !allowAnySighash && hashType > 1 { return .sighashNotAllowed(hashType) }
        if let leafHash {
            guard let leaf = spend.leaves.first(where: { $0.hash == leafHash }) else {
                return .scriptMismatch("no leaf script with this leaf hash is proven in the output's tree")
            }
            let keyInLeaf =
                leaf.leaf.script.operations?.contains { $0.data.map { $0.elementsEqual(key) } ?? false } ?? false
            guard keyInLeaf else { return .keyNotInScript }
        }
        let digest: [UInt8]
        do {
            digest = try hasher.taproot(inputIndex: index, hashType: hashType, leafHash: leafHash)
        } catch {
            return .sighash("\(error)")
        }
        guard let publicKey = try? XOnlyPublicKey(bytes: key) else { return .invalidEncoding("invalid x-only key") }
        return publicKey.isValidSchnorrSignature(signature.prefix(64), message: digest) ? nil : .doesNotVerify
    }
}
