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

/// The outcome of checking every partial signature of a PSBT.
public struct SignatureReport: Sendable {
    public struct Input: Sendable {
        public let index: Int
        /// How the input is spent; nil when that could not be worked out (`spendProblem` says why).
        public let spend: InputSpend?
        public let spendProblem: SignatureFailure.Reason?
        public let valid: [VerifiedSignature]
        public let failures: [SignatureFailure]
    }

    public let inputs: [Input]

    public var failures: [SignatureFailure] { inputs.flatMap(\.failures) }
    public var verifiedCount: Int { inputs.reduce(0) { $0 + $1.valid.count } }
}

/// Checks every partial signature of a PSBT before it is combined or finalized: each against the right sighash
/// (legacy, BIP143 with the spent amount, BIP341 with every spent output) and the key that the spent script names.
/// High-S signatures, a hash type different from PSBT_IN_SIGHASH_TYPE and, unless allowed, any hash type but
/// ALL/DEFAULT are refused. Inputs are checked in parallel on every core.
public struct PartialSignatureVerifier: Sendable {
    /// Accept NONE, SINGLE and ANYONECANPAY signatures (they let others change the transaction).
    public var allowAnySighash: Bool

    public init(allowAnySighash: Bool = false) {
        self.allowAnySighash = allowAnySighash
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
        let spend: InputSpend
        do {
            spend = try InputSpend(psbt: psbt, index: index, transaction: transaction)
        } catch {
            let failures =
                input.hasSignatures && !input.isFinalized
                ? [SignatureFailure(inputIndex: index, publicKey: "", reason: error)] : []
            return SignatureReport.Input(index: index, spend: nil, spendProblem: error, valid: [], failures: failures)
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
        if let signature = input.tapKeySignature, case .taproot(let outputKey) = spend.kind {
            if let reason = checkSchnorr(
                key: outputKey, signature: signature, leafHash: nil, field: field, spend: spend, index: index,
                hasher: hasher)
            {
                record(outputKey, reason)
            } else {
                valid.append(
                    VerifiedSignature(publicKey: outputKey, signature: signature, leafHash: nil, isTaprootKeyPath: true)
                )
            }
        }
        return SignatureReport.Input(index: index, spend: spend, spendProblem: nil, valid: valid, failures: failures)
    }

    private func checkECDSA(
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

    private func checkSchnorr(
        key: [UInt8], signature: [UInt8], leafHash: [UInt8]?, field: UInt32?, spend: InputSpend, index: Int,
        hasher: SignatureHasher
    ) -> SignatureFailure.Reason? {
        guard case .taproot = spend.kind else {
            return .unsupportedScript("a Schnorr signature on a non-taproot input")
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
