internal import Bitcoin
internal import CustosCrypto

/// The BIP174 input finalizer for the spends Custos coordinates: multisig in P2SH, P2SH-P2WSH and P2WSH
/// (signatures in script key order), taproot script-path `multi_a` / `sortedmulti_a`, and the single-key forms
/// (P2PKH, P2WPKH, P2SH-P2WPKH, taproot key path). Only signatures that verified are used; if any input cannot be
/// finalized, nothing is, and the error names each such input and the keys that have not signed.
public enum PSBTFinalizer {
    /// Verifies every partial signature, then finalizes every input.
    public static func finalize(
        _ psbt: PSBT, verifier: PartialSignatureVerifier = PartialSignatureVerifier()
    )
        throws(PSBTRoleError) -> PSBT
    {
        let report = try verifier.verify(psbt)
        return try finalize(psbt, report: report)
    }

    /// Finalizes with signatures already checked by `report` (which must come from verifying this same PSBT).
    public static func finalize(_ psbt: PSBT, report: SignatureReport) throws(PSBTRoleError) -> PSBT {
        try finalizeReporting(psbt, report: report).psbt
    }

    /// Finalizes as `finalize(_:report:)` and also returns the report of the finalized PSBT: inputs finalized
    /// before keep their verdict, the others record the verified signatures their final scripts hold (so the
    /// result need not be verified a second time).
    public static func finalizeReporting(
        _ psbt: PSBT, report: SignatureReport
    ) throws(PSBTRoleError) -> (psbt: PSBT, report: SignatureReport) {
        try report.requireValid()
        var result = psbt
        var shortfalls: [InputShortfall] = []
        var inputs: [SignatureReport.Input] = []
        for reportInput in report.inputs {
            let index = reportInput.index
            let input = psbt.inputs[index]
            if input.isFinalized {
                inputs.append(reportInput)
                continue
            }
            guard let spend = reportInput.spend else {
                let reason = reportInput.spendProblem.map(\.description) ?? "cannot work out how this input is spent"
                shortfalls.append(InputShortfall(inputIndex: index, reason: reason))
                continue
            }
            switch finalScripts(input: input, spend: spend, valid: reportInput.valid, index: index) {
            case .success(let (scriptSig, witness, verified)):
                result.inputs[index].finalize(scriptSig: scriptSig, witness: witness)
                inputs.append(
                    SignatureReport.Input(
                        index: index, spend: spend, spendProblem: nil, valid: [], failures: [],
                        finalScripts: .verified(verified)))
            case .failure(let shortfall):
                shortfalls.append(shortfall)
            }
        }
        guard shortfalls.isEmpty else { throw .incomplete(shortfalls) }
        return (result, SignatureReport(inputs: inputs))
    }

    private typealias FinalScripts = (scriptSig: Script?, witness: [[UInt8]]?, verified: VerifiedFinalScripts)

    private static func finalScripts(
        input: PSBTInput, spend: InputSpend, valid: [VerifiedSignature], index: Int
    )
        -> Result<FinalScripts, InputShortfall>
    {
        let derivations = input.bip32Derivations
        func describe(_ key: [UInt8]) -> String {
            if let origin = derivations.first(where: { $0.publicKey == key })?.origin {
                return "[\(origin)]\(key.hexString)"
            }
            return key.hexString
        }
        let signatures = Dictionary(
            valid.filter { $0.leafHash == nil && !$0.isTaprootKeyPath }.map { ($0.publicKey, $0.signature) },
            uniquingKeysWith: { first, _ in first })

        switch spend.kind {
        case .taproot:
            return taprootScripts(input: input, spend: spend, valid: valid, index: index)
        case .legacy, .segwitV0:
            break
        }

        var stack: [[UInt8]]
        let verified: VerifiedFinalScripts
        if let multisig = spend.multisig {
            let ordered = multisig.publicKeys.compactMap { signatures[$0] }
            guard ordered.count >= multisig.threshold else {
                let missing = multisig.publicKeys.filter { signatures[$0] == nil }.map(describe)
                return .failure(
                    InputShortfall(
                        inputIndex: index,
                        reason: "\(ordered.count) of \(multisig.threshold) required signatures "
                            + "(\(multisig.threshold)-of-\(multisig.publicKeys.count) multisig)",
                        signaturesNeeded: multisig.threshold - ordered.count, missingSigners: missing))
            }
            // CHECKMULTISIG pops one extra item (the dummy, empty as NULLDUMMY requires) and signatures in key order.
            stack = [[]] + ordered.prefix(multisig.threshold)
            verified = VerifiedFinalScripts(
                scriptType: spend.scriptType, keys: multisig.publicKeys, threshold: multisig.threshold,
                signed: Array(multisig.publicKeys.filter { signatures[$0] != nil }.prefix(multisig.threshold)))
        } else if spend.keyHash != nil {
            guard let (key, signature) = signatures.first else {
                return .failure(
                    InputShortfall(
                        inputIndex: index, reason: "no signature", signaturesNeeded: 1,
                        missingSigners: derivations.map { describe($0.publicKey) }))
            }
            stack = [signature, key]
            verified = VerifiedFinalScripts(scriptType: spend.scriptType, keys: [key], threshold: 1, signed: [key])
        } else {
            return .failure(
                InputShortfall(
                    inputIndex: index, reason: "\(spend.scriptType) with this script is not finalized by Custos"))
        }

        switch spend.kind {
        case .legacy:
            var scriptSig = Script()
            for item in stack { scriptSig.appendPush(item) }
            if let redeem = spend.redeemScript { scriptSig.appendPush(redeem.bytes) }
            return .success((scriptSig, nil, verified))
        case .segwitV0:
            if let witnessScript = spend.witnessScript { stack.append(witnessScript.bytes) }
            var scriptSig: Script?
            if let redeem = spend.redeemScript {
                var nested = Script()
                nested.appendPush(redeem.bytes)
                scriptSig = nested
            }
            return .success((scriptSig, stack, verified))
        case .taproot:
            return taprootScripts(input: input, spend: spend, valid: valid, index: index)
        }
    }

    /// Taproot: a key-path signature if there is one, else the cheapest leaf with enough signatures.
    private static func taprootScripts(
        input: PSBTInput, spend: InputSpend, valid: [VerifiedSignature], index: Int
    )
        -> Result<FinalScripts, InputShortfall>
    {
        if let keyPath = valid.first(where: \.isTaprootKeyPath) {
            let key = [keyPath.publicKey]
            return .success(
                (
                    nil, [keyPath.signature],
                    VerifiedFinalScripts(scriptType: "p2tr", keys: key, threshold: 1, signed: key)
                ))
        }
        var best: (witness: [[UInt8]], verified: VerifiedFinalScripts)?
        var closest: (have: Int, need: Int, missing: [[UInt8]])?
        let origins = input.tapBIP32Derivations
        for leaf in spend.leaves {
            guard let multisig = leaf.multisig else { continue }
            var bySigner: [[UInt8]: [UInt8]] = [:]
            for signature in valid where signature.leafHash == leaf.hash {
                bySigner[signature.publicKey] = signature.signature
            }
            // CHECKSIGADD consumes one stack item per key, first key on top; exactly `threshold` may be non-empty.
            var used = 0
            var items: [[UInt8]] = []
            var signed: [[UInt8]] = []
            for key in multisig.publicKeys {
                if used < multisig.threshold, let signature = bySigner[key] {
                    items.append(signature)
                    signed.append(key)
                    used += 1
                } else {
                    items.append([])
                }
            }
            if used == multisig.threshold {
                let witness = items.reversed() + [leaf.leaf.script.bytes, leaf.controlBlock]
                let size = witness.reduce(0) { $0 + $1.count }
                if best.map({ size < $0.witness.reduce(0) { $0 + $1.count } }) ?? true {
                    best = (
                        witness,
                        VerifiedFinalScripts(
                            scriptType: "p2tr", keys: multisig.publicKeys, threshold: multisig.threshold, signed: signed
                        )
                    )
                }
            } else if closest.map({ used > $0.have }) ?? true {
                closest = (used, multisig.threshold, multisig.publicKeys.filter { bySigner[$0] == nil })
            }
        }
        if let best { return .success((nil, best.witness, best.verified)) }
        guard let closest else {
            return .failure(
                InputShortfall(
                    inputIndex: index, reason: "no taproot key-path signature and no multi_a leaf to finalize",
                    signaturesNeeded: 1))
        }
        let missing = closest.missing.map { key -> String in
            if let origin = origins.first(where: { $0.xOnlyKey == key })?.origin {
                return "[\(origin)]\(key.hexString)"
            }
            return key.hexString
        }
        return .failure(
            InputShortfall(
                inputIndex: index, reason: "\(closest.have) of \(closest.need) required signatures (taproot multi_a)",
                signaturesNeeded: closest.need - closest.have, missingSigners: missing))
    }
}
