internal import Bitcoin
internal import BitcoinPSBT
internal import CustosCrypto
internal import Secp256k1

/// Who signed a finalized input, read back from its final scriptSig and witness: the multisig script they reveal
/// (P2SH, P2SH-P2WSH and P2WSH CHECKMULTISIG, taproot multi_a script path) and the keys whose signatures in it
/// verify against the input's sighash. A taproot key-path spend is reported as signed by the output key.
struct FinalScriptSigners {
    /// Keys that may sign, in script order (33-byte, or x-only for taproot).
    let keys: [[UInt8]]
    let threshold: Int
    let signed: Set<[UInt8]>

    /// Nil when the input is not finalized or its final scripts are not a multisig spend Custos recognises.
    init?(psbt: PSBT, index: Int, spent: TransactionOutput, hasher: SignatureHasher) {
        let input = psbt.inputs[index]
        guard input.isFinalized else { return nil }
        let witness = input.finalScriptWitness ?? []
        let pushes = input.finalScriptSig?.operations?.compactMap { $0.data.map(Array.init) } ?? []
        switch OutputType(spent.scriptPubKey) {
        case .payToWitnessScriptHash:
            guard let result = Self.segwit(witness, index: index, amount: spent.value, hasher: hasher) else {
                return nil
            }
            self = result
        case .payToScriptHash:
            guard let redeem = pushes.last else { return nil }
            if case .payToWitnessScriptHash = OutputType(Script(redeem)) {
                guard let result = Self.segwit(witness, index: index, amount: spent.value, hasher: hasher) else {
                    return nil
                }
                self = result
            } else {
                guard let multisig = MultisigScript(Script(redeem)), multisig.kind == .checkMultisig,
                    pushes.count >= 2
                else { return nil }
                let signatures = Array(pushes.dropLast())
                let signed = Self.checkMultisig(multisig.publicKeys, signatures) { _, hashType in
                    hasher.legacy(inputIndex: index, scriptCode: Script(redeem), hashType: hashType)
                }
                self.init(keys: multisig.publicKeys, threshold: multisig.threshold, signed: signed)
            }
        case .payToTaproot(let outputKey):
            var stack = witness
            if stack.count >= 2, stack.last?.first == 0x50 { stack.removeLast() }  // annex
            if stack.count == 1 {
                let hashType = stack[0].count == 65 ? UInt32(stack[0][64]) : 0
                let valid =
                    (try? hasher.taproot(inputIndex: index, hashType: hashType, leafHash: nil)).map { digest in
                        (try? XOnlyPublicKey(bytes: outputKey))?.isValidSchnorrSignature(
                            stack[0].prefix(64), message: digest) ?? false
                    } ?? false
                self.init(keys: [outputKey], threshold: 1, signed: valid ? [outputKey] : [])
                return
            }
            guard stack.count >= 3, let control = stack.last.flatMap(ControlBlock.init),
                let multisig = MultisigScript(Script(stack[stack.count - 2])), multisig.kind == .checkSigAdd
            else { return nil }
            let leaf = TapLeaf(script: Script(stack[stack.count - 2]), version: control.leafVersion)
            let items = Array(stack[..<(stack.count - 2)].reversed())
            guard items.count == multisig.publicKeys.count else { return nil }
            var signed: Set<[UInt8]> = []
            for (key, item) in zip(multisig.publicKeys, items) where item.count == 64 || item.count == 65 {
                let hashType = item.count == 65 ? UInt32(item[64]) : 0
                guard let digest = try? hasher.taproot(inputIndex: index, hashType: hashType, leafHash: leaf.hash),
                    let xOnly = try? XOnlyPublicKey(bytes: key),
                    xOnly.isValidSchnorrSignature(item.prefix(64), message: digest)
                else { continue }
                signed.insert(key)
            }
            self.init(keys: multisig.publicKeys, threshold: multisig.threshold, signed: signed)
        default:
            return nil
        }
    }

    private init(keys: [[UInt8]], threshold: Int, signed: Set<[UInt8]>) {
        self.keys = keys
        self.threshold = threshold
        self.signed = signed
    }

    /// `["", signatures..., witness script]` of a (nested) P2WSH multisig spend.
    private static func segwit(
        _ witness: [[UInt8]], index: Int, amount: Int64, hasher: SignatureHasher
    ) -> FinalScriptSigners? {
        guard witness.count >= 2, let scriptBytes = witness.last else { return nil }
        let script = Script(scriptBytes)
        guard let multisig = MultisigScript(script), multisig.kind == .checkMultisig else { return nil }
        let signatures = Array(witness[1..<(witness.count - 1)])
        let signed = checkMultisig(multisig.publicKeys, signatures) { _, hashType in
            try? hasher.segwitV0(inputIndex: index, scriptCode: script, amount: amount, hashType: hashType)
        }
        return FinalScriptSigners(keys: multisig.publicKeys, threshold: multisig.threshold, signed: signed)
    }

    /// CHECKMULTISIG's matching: signatures in key order, each key tried at most once.
    private static func checkMultisig(
        _ keys: [[UInt8]], _ signatures: [[UInt8]], digest: ([UInt8], UInt32) -> [UInt8]?
    ) -> Set<[UInt8]> {
        var signed: Set<[UInt8]> = []
        var keyPosition = 0
        for signature in signatures where !signature.isEmpty {
            guard let hashTypeByte = signature.last, let parsed = try? ECDSASignature(der: signature.dropLast()),
                let message = digest(signature, UInt32(hashTypeByte))
            else { continue }
            while keyPosition < keys.count {
                let key = keys[keyPosition]
                keyPosition += 1
                if let publicKey = try? Secp256k1PublicKey(bytes: key),
                    publicKey.isValidSignature(parsed, digest: message, lowS: .requireLowS)
                {
                    signed.insert(key)
                    break
                }
            }
        }
        return signed
    }
}
