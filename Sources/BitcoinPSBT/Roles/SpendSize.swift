public import Bitcoin

/// Sizes of finalized spends, for fee estimation before anyone has signed.
///
/// A low-S ECDSA signature in strict DER with its hash-type byte is at most 72 bytes: s below n/2 never needs a
/// padding byte, so only r can take 33 bytes (DER 71 + 1). High-S signatures (73 bytes) are not standard (BIP146)
/// and Custos refuses them, so 72 is the bound these estimates use: the fee rate reached is never below the one
/// asked for, and the excess is at most 1 byte per signature (signers that grind for a low R, such as Bitcoin
/// Core, always produce 71), a quarter of that in witness data. Schnorr signatures are exactly 64 bytes (65 with a
/// non-default hash type).
public enum SpendSize {
    public static let maximumECDSASignatureSize = 72
    /// The usual size of a low-S, low-R signature with its hash type; shorter ones (a leading zero byte in r or s)
    /// occur about once in 256 signatures.
    public static let typicalMinimumECDSASignatureSize = 71
    public static let schnorrSignatureSize = 64

    /// Weight (in weight units) one input adds to a transaction once finalized, or nil when the expansion is not a
    /// spend Custos finalizes (multisig in sh/sh-wsh/wsh, tr multi_a, or single-key pkh/wpkh/sh-wpkh).
    /// `ecdsaSignatureSize` is the size assumed for each ECDSA signature with its hash-type byte.
    public static func inputWeight(
        for expansion: DescriptorExpansion, ecdsaSignatureSize: Int = maximumECDSASignatureSize
    ) -> Int? {
        guard let (scriptSig, witness) = finalizedShape(for: expansion, signatureSize: ecdsaSignatureSize) else {
            return nil
        }
        // Outpoint (36) + sequence (4) + scriptSig with its length, all non-witness (×4).
        let base = 40 + CompactSize.encodedCount(scriptSig) + scriptSig
        var witnessSize = 0
        if let witness {
            witnessSize =
                CompactSize.encodedCount(witness.count)
                + witness.reduce(0) {
                    $0 + CompactSize.encodedCount($1) + $1
                }
        }
        return 4 * base + witnessSize
    }

    /// Weight of a whole transaction: version and lock time, counts, the segwit marker when any input has a
    /// witness, inputs and outputs.
    public static func transactionWeight(
        inputs expansions: [DescriptorExpansion], outputs: [TransactionOutput],
        ecdsaSignatureSize: Int = maximumECDSASignatureSize
    )
        -> Int?
    {
        var weight = 4 * (8 + CompactSize.encodedCount(expansions.count) + CompactSize.encodedCount(outputs.count))
        weight += 4 * outputs.reduce(0) { $0 + $1.serializedCount }
        var anyWitness = false
        for expansion in expansions {
            guard let inputWeight = inputWeight(for: expansion, ecdsaSignatureSize: ecdsaSignatureSize),
                let shape = finalizedShape(for: expansion, signatureSize: ecdsaSignatureSize)
            else {
                return nil
            }
            weight += inputWeight
            if shape.witness != nil { anyWitness = true }
        }
        if anyWitness {
            // Marker and flag, plus an empty witness count for each input without one.
            weight += 2
            weight +=
                expansions.filter { finalizedShape(for: $0, signatureSize: ecdsaSignatureSize)?.witness == nil }
                .count
        }
        return weight
    }

    /// Virtual size in vbytes for a weight.
    public static func virtualSize(weight: Int) -> Int { (weight + 3) / 4 }

    /// scriptSig size and witness item sizes of the finalized input.
    private static func finalizedShape(
        for expansion: DescriptorExpansion, signatureSize signature: Int
    ) -> (scriptSig: Int, witness: [Int]?)? {
        if let taproot = expansion.taproot {
            // The cheapest multi_a leaf: threshold signatures, empty items for the other keys, script, control block.
            let candidates = taproot.leaves.compactMap { leaf -> [Int]? in
                guard let multisig = MultisigScript(leaf.leaf.script), multisig.kind == .checkSigAdd else { return nil }
                let signatures = [Int](repeating: schnorrSignatureSize, count: multisig.threshold)
                let empty = [Int](repeating: 0, count: multisig.publicKeys.count - multisig.threshold)
                return signatures + empty + [leaf.leaf.script.count, leaf.controlBlock.count]
            }
            return candidates.min { $0.reduce(0, +) < $1.reduce(0, +) }.map { (0, $0) }
        }
        if let witnessScript = expansion.witnessScript {
            guard let multisig = MultisigScript(witnessScript), multisig.kind == .checkMultisig else { return nil }
            let witness = [0] + [Int](repeating: signature, count: multisig.threshold) + [witnessScript.count]
            let scriptSig = expansion.redeemScript.map { pushSize($0.count) } ?? 0
            return (scriptSig, witness)
        }
        if let redeem = expansion.redeemScript {
            if case .payToWitnessPubkeyHash = OutputType(redeem) {
                return (pushSize(redeem.count), [signature, 33])
            }
            guard let multisig = MultisigScript(redeem), multisig.kind == .checkMultisig else { return nil }
            let size = 1 + multisig.threshold * pushSize(signature) + pushSize(redeem.count)
            return (size, nil)
        }
        switch OutputType(expansion.scriptPubKey) {
        case .payToWitnessPubkeyHash: return (0, [signature, 33])
        case .payToPubkeyHash:
            let keySize = expansion.keys.first?.publicKey.count ?? 33
            return (pushSize(signature) + pushSize(keySize), nil)
        default: return nil
        }
    }

    /// Bytes a minimal push of `count` bytes takes in a script.
    static func pushSize(_ count: Int) -> Int {
        switch count {
        case 0..<76: return 1 + count
        case 76..<0x100: return 2 + count
        case 0x100..<0x10000: return 3 + count
        default: return 5 + count
        }
    }
}
