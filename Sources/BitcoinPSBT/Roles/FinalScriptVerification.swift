internal import Bitcoin
internal import CustosCrypto

/// What a finalized input's final scriptSig and witness proved once checked.
public struct VerifiedFinalScripts: Sendable, Equatable {
    /// "p2wsh", "p2sh-p2wsh", "p2sh", "p2wpkh", "p2sh-p2wpkh", "p2pkh", "p2tr".
    public let scriptType: String
    /// The keys the revealed script lets sign, in script order (33/65-byte, or x-only for taproot; the output key
    /// for a taproot key path).
    public let keys: [[UInt8]]
    public let threshold: Int
    /// The keys whose signatures in the final scripts verified, in script order (exactly `threshold` of them).
    public let signed: [[UInt8]]

    public init(scriptType: String, keys: [[UInt8]], threshold: Int, signed: [[UInt8]]) {
        self.scriptType = scriptType
        self.keys = keys
        self.threshold = threshold
        self.signed = signed
    }
}

/// The verdict on one finalized input.
public enum FinalScriptsCheck: Sendable, Equatable {
    /// A template Custos finalizes itself, every check passed.
    case verified(VerifiedFinalScripts)
    /// A template Custos cannot check, accepted unchecked because the caller trusts finalized inputs; the reason
    /// it could not be checked.
    case trusted(String)
    /// Refused; the report's failures for the input say why.
    case refused
}

extension PartialSignatureVerifier {
    /// Checks a finalized input's final scriptSig and witness as Bitcoin Core's standard script verification
    /// would, for the templates Custos finalizes: the revealed redeem / witness script hashes to the spent output
    /// (a taproot leaf and control block commit to the output key), the encoding is the canonical one (minimal
    /// pushes, empty scriptSig for native segwit, the CHECKMULTISIG dummy empty, no extra items), and the
    /// signatures verify against their sighash, in key order, exactly as many as the threshold, each passing the
    /// same `checkECDSA` / `checkSchnorr` rules as partial signatures (low S, ALL/DEFAULT unless allowed).
    func verifyFinalScripts(
        _ index: Int, psbt: PSBT, transaction: Transaction, hasher: SignatureHasher, knownKeys: ParsedPublicKeys
    ) -> (FinalScriptsCheck, [SignatureFailure]) {
        switch finalSpend(index, psbt: psbt, transaction: transaction, hasher: hasher, knownKeys: knownKeys) {
        case .success(let verified):
            return (.verified(verified), [])
        case .failure(let failure):
            if case .finalScriptsUncheckable(let reason) = failure.reason, trustFinalized {
                return (.trusted(reason), [])
            }
            return (.refused, [failure])
        }
    }

    private func finalSpend(
        _ index: Int, psbt: PSBT, transaction: Transaction, hasher: SignatureHasher, knownKeys: ParsedPublicKeys
    ) -> Result<VerifiedFinalScripts, SignatureFailure> {
        func refuse(
            _ reason: SignatureFailure.Reason, key: [UInt8] = []
        ) -> Result<VerifiedFinalScripts, SignatureFailure> {
            .failure(SignatureFailure(inputIndex: index, publicKey: key.hexString, reason: reason))
        }
        let input = psbt.inputs[index]
        guard let spent = psbt.spentOutput(at: index, in: transaction) else {
            return refuse(
                .finalScripts("the spent output is unknown (no UTXO), so the final scripts cannot be checked"))
        }
        let scriptSig = input.finalScriptSig ?? Script()
        let witness = input.finalScriptWitness ?? []
        if input.map.contains(PSBTKeyType.Input.finalScriptWitness) && input.finalScriptWitness == nil {
            return refuse(.finalScripts("the final script witness does not parse"))
        }
        // The scripts the final data reveals, on a scratch input holding the same UTXO, resolved by the same code
        // as partial signatures (`InputSpend` checks every script against the spent output).
        var scratch = PSBTInput()
        for record in input.map.records
        where record.type == PSBTKeyType.Input.nonWitnessUTXO || record.type == PSBTKeyType.Input.witnessUTXO {
            scratch.merge(record)
        }
        var stack: [[UInt8]]
        let outputType = OutputType(spent.scriptPubKey)
        switch outputType {
        case .payToWitnessScriptHash, .payToWitnessPubkeyHash, .payToTaproot:
            guard scriptSig.isEmpty else {
                return refuse(.finalScripts("a native segwit spend has a non-empty scriptSig"))
            }
            stack = witness
        case .payToScriptHash:
            guard let pushes = Self.pushedItems(scriptSig) else {
                return refuse(.finalScripts("the final scriptSig is not push-only"))
            }
            guard let redeem = pushes.last else { return refuse(.finalScripts("the final scriptSig is empty")) }
            scratch.setRedeemScript(Script(redeem))
            if OutputType(Script(redeem)).isWitness {
                guard pushes.count == 1, scriptSig.bytes == Self.canonicalPushes([redeem]) else {
                    return refuse(
                        .finalScripts(
                            "the scriptSig of a P2SH-wrapped segwit spend must be one push of the redeem script"))
                }
                stack = witness
            } else {
                guard witness.isEmpty else { return refuse(.finalScripts("a witness on a non-segwit spend")) }
                guard scriptSig.bytes == Self.canonicalPushes(pushes) else {
                    return refuse(.finalScripts("the final scriptSig is not minimally encoded"))
                }
                stack = Array(pushes.dropLast())
            }
        case .payToPubkeyHash:
            guard let pushes = Self.pushedItems(scriptSig) else {
                return refuse(.finalScripts("the final scriptSig is not push-only"))
            }
            guard witness.isEmpty else { return refuse(.finalScripts("a witness on a non-segwit spend")) }
            guard scriptSig.bytes == Self.canonicalPushes(pushes) else {
                return refuse(.finalScripts("the final scriptSig is not minimally encoded"))
            }
            stack = pushes
        default:
            return refuse(.finalScriptsUncheckable("a \(outputType.name) output"))
        }
        // The revealed script of a script spend is the last item of the segwit v0 witness.
        if case .payToWitnessScriptHash = OutputType(scratch.redeemScript ?? spent.scriptPubKey) {
            guard let script = stack.popLast() else { return refuse(.finalScripts("the final witness is empty")) }
            scratch.setWitnessScript(Script(script))
        }
        if case .payToTaproot = outputType {
            if stack.count >= 2, stack.last?.first == 0x50 {
                return refuse(.finalScriptsUncheckable("a taproot witness with an annex"))
            }
            if stack.count >= 2, let control = stack.popLast(), let script = stack.popLast() {
                guard let first = control.first, first & 0xfe == TapLeaf.tapscriptVersion else {
                    return refuse(.finalScriptsUncheckable("a taproot leaf version other than tapscript (0xc0)"))
                }
                scratch.addTapLeafScript(
                    controlBlock: control, leaf: TapLeaf(script: Script(script), version: TapLeaf.tapscriptVersion))
            }
        }
        let spend: InputSpend
        do {
            spend = try InputSpend(input: scratch, previousOutput: transaction.inputs[index].previousOutput)
        } catch {
            if case .unsupportedScript(let reason) = error { return refuse(.finalScriptsUncheckable(reason)) }
            return refuse(.finalScripts(error.description))
        }
        let final = FinalStack(index: index, items: stack, spend: spend, field: input.sighashType)
        let result: Result<VerifiedFinalScripts, SignatureFailure>
        switch spend.kind {
        case .legacy, .segwitV0:
            result = final.checkECDSASpend(verifier: self, hasher: hasher, knownKeys: knownKeys)
        case .taproot(let outputKey):
            result = final.checkTaprootSpend(verifier: self, hasher: hasher, outputKey: outputKey)
        }
        return result
    }

    /// The data pushed by a push-only script (OP_0 as an empty item); nil when it holds any other opcode.
    private static func pushedItems(_ script: Script) -> [[UInt8]]? {
        guard let operations = script.operations else { return nil }
        var items: [[UInt8]] = []
        for operation in operations {
            if let data = operation.data {
                items.append(Array(data))
            } else if operation.opcode == 0 {
                items.append([])
            } else {
                return nil
            }
        }
        return items
    }

    /// `items` as Bitcoin Core's finalizer writes them: each with the shortest push (MINIMALDATA).
    private static func canonicalPushes(_ items: [[UInt8]]) -> [UInt8] {
        var script = Script()
        for item in items { script.appendPush(item) }
        return script.bytes
    }
}

/// The stack a finalized input gives its script (signatures, and for CHECKMULTISIG the dummy), checked against the
/// resolved spend.
private struct FinalStack {
    let index: Int
    let items: [[UInt8]]
    let spend: InputSpend
    let field: UInt32?

    private func refuse(
        _ reason: SignatureFailure.Reason, key: [UInt8] = []
    ) -> Result<
        VerifiedFinalScripts, SignatureFailure
    > {
        .failure(SignatureFailure(inputIndex: index, publicKey: key.hexString, reason: reason))
    }

    /// CHECKMULTISIG (legacy or segwit v0) and the single-key P2PKH / P2WPKH spends.
    func checkECDSASpend(
        verifier: PartialSignatureVerifier, hasher: SignatureHasher, knownKeys: ParsedPublicKeys
    ) -> Result<VerifiedFinalScripts, SignatureFailure> {
        func check(_ key: [UInt8], _ signature: [UInt8]) -> SignatureFailure.Reason? {
            verifier.checkECDSA(
                key: key, signature: signature, field: field, spend: spend, index: index, hasher: hasher,
                knownKeys: knownKeys)
        }
        if spend.keyHash != nil {
            guard items.count == 2 else {
                return refuse(.finalScripts("a single-key spend takes a signature and a key, not \(items.count) items"))
            }
            let key = items[1]
            if let reason = check(key, items[0]) { return refuse(.finalSignature(reason), key: key) }
            return .success(
                VerifiedFinalScripts(scriptType: spend.scriptType, keys: [key], threshold: 1, signed: [key]))
        }
        guard let multisig = spend.multisig else {
            return refuse(.finalScriptsUncheckable("a \(spend.scriptType) script that is not a multisig"))
        }
        let signatures = items.dropFirst()
        guard let dummy = items.first, signatures.count == multisig.threshold else {
            let given = max(items.count - 1, 0)
            return refuse(
                .finalScripts(
                    given < multisig.threshold
                        ? "too few signatures: \(given) of the \(multisig.threshold) a \(multisig.threshold)-of-"
                            + "\(multisig.publicKeys.count) multisig needs"
                        : "\(items.count) stack items where CHECKMULTISIG takes the dummy and exactly "
                            + "\(multisig.threshold) signatures (extra items)"))
        }
        guard dummy.isEmpty else {
            return refuse(.finalScripts("the CHECKMULTISIG dummy item is not empty (NULLDUMMY)"))
        }
        // CHECKMULTISIG's matching: signatures in key order, each key tried at most once.
        var signed: [[UInt8]] = []
        var keyPosition = 0
        for (number, signature) in signatures.enumerated() {
            var matched = false
            while keyPosition < multisig.publicKeys.count, !matched {
                let key = multisig.publicKeys[keyPosition]
                keyPosition += 1
                guard let reason = check(key, signature) else {
                    signed.append(key)
                    matched = true
                    break
                }
                if reason != .doesNotVerify { return refuse(.finalSignature(reason), key: key) }
            }
            if !matched {
                return refuse(
                    .finalScripts(
                        "signature \(number + 1) of \(signatures.count) does not verify against any remaining key of "
                            + "the script in key order (a bad signature, or signatures out of order)"))
            }
        }
        return .success(
            VerifiedFinalScripts(
                scriptType: spend.scriptType, keys: multisig.publicKeys, threshold: multisig.threshold, signed: signed))
    }

    /// Taproot key path (one signature by the output key) or a `multi_a` leaf (one item per key, exactly
    /// `threshold` of them signatures, every one valid).
    func checkTaprootSpend(
        verifier: PartialSignatureVerifier, hasher: SignatureHasher, outputKey: [UInt8]
    ) -> Result<VerifiedFinalScripts, SignatureFailure> {
        func check(_ key: [UInt8], _ signature: [UInt8], _ leafHash: [UInt8]?) -> SignatureFailure.Reason? {
            verifier.checkSchnorr(
                key: key, signature: signature, leafHash: leafHash, field: field, spend: spend, index: index,
                hasher: hasher)
        }
        guard let leaf = spend.leaves.first else {
            guard items.count == 1 else { return refuse(.finalScripts("an empty taproot witness")) }
            if let reason = check(outputKey, items[0], nil) { return refuse(.finalSignature(reason), key: outputKey) }
            return .success(
                VerifiedFinalScripts(scriptType: "p2tr", keys: [outputKey], threshold: 1, signed: [outputKey]))
        }
        guard let multisig = leaf.multisig else {
            return refuse(.finalScriptsUncheckable("a taproot leaf script that is not multi_a"))
        }
        guard items.count == multisig.publicKeys.count else {
            return refuse(
                .finalScripts(
                    "\(items.count) witness items for a multi_a leaf of \(multisig.publicKeys.count) keys (one item "
                        + "per key)"))
        }
        // CHECKSIGADD consumes the top item for the first key: the items in key order are the witness reversed.
        var signed: [[UInt8]] = []
        for (key, item) in zip(multisig.publicKeys, items.reversed()) where !item.isEmpty {
            if let reason = check(key, item, leaf.hash) { return refuse(.finalSignature(reason), key: key) }
            signed.append(key)
        }
        guard signed.count == multisig.threshold else {
            return refuse(
                .finalScripts(
                    "\(signed.count) signatures where the \(multisig.threshold)-of-\(multisig.publicKeys.count) "
                        + "multi_a leaf takes exactly \(multisig.threshold)"))
        }
        return .success(
            VerifiedFinalScripts(
                scriptType: "p2tr", keys: multisig.publicKeys, threshold: multisig.threshold, signed: signed))
    }
}
