public import Bitcoin

/// The BIP174 updater for descriptor wallets: fills an input or output from what a descriptor expands to, the way
/// hardware signers (Coldcard, Ledger, Trezor, BitBox02, Jade) need it: UTXO, redeem/witness scripts, taproot leaf
/// scripts with control blocks, internal key and merkle root, and every key's BIP32 origin.
extension PSBTInput {
    /// Adds the spend data for an output created by `expansion`. `previousTransaction` (the whole funding
    /// transaction) is recorded as the non-witness UTXO, which legacy inputs require and which lets signers check
    /// segwit v0 amounts; `spentOutput` alone becomes the witness UTXO for segwit and taproot outputs.
    public mutating func update(
        from expansion: DescriptorExpansion, spentOutput: TransactionOutput, previousTransaction: Transaction? = nil
    ) {
        if let previousTransaction { setNonWitnessUTXO(previousTransaction) }
        let segwit =
            expansion.witnessScript != nil || expansion.taproot != nil
            || OutputType(expansion.redeemScript ?? expansion.scriptPubKey).isWitness
        if segwit { setWitnessUTXO(spentOutput) }
        if let redeem = expansion.redeemScript { setRedeemScript(redeem) }
        if let witness = expansion.witnessScript { setWitnessScript(witness) }
        if let taproot = expansion.taproot {
            for (leaf, controlBlock) in taproot.leaves {
                addTapLeafScript(controlBlock: controlBlock, leaf: leaf)
            }
            for key in expansion.keys.sorted(by: { $0.publicKey.lexicographicallyPrecedes($1.publicKey) }) {
                guard let origin = key.origin else { continue }
                addTapBIP32Derivation(xOnlyKey: key.publicKey, leafHashes: key.leafHashes, origin: origin)
            }
            setTapInternalKey(taproot.internalKey.bytes)
            if let root = taproot.merkleRoot { setTapMerkleRoot(root) }
        } else {
            // Sorted like Bitcoin Core's map, so the layout matches what Core would write.
            for key in expansion.keys.sorted(by: { $0.publicKey.lexicographicallyPrecedes($1.publicKey) }) {
                guard let origin = key.origin, let publicKey = try? PublicKey(bytes: key.publicKey) else { continue }
                addBIP32Derivation(publicKey: publicKey, origin: origin)
            }
        }
    }
}

extension PSBTOutput {
    /// Describes an output the same wallet (or the safe destination wallet) controls, so signers can verify it.
    public mutating func update(from expansion: DescriptorExpansion) {
        if let redeem = expansion.redeemScript { setRedeemScript(redeem) }
        if let witness = expansion.witnessScript { setWitnessScript(witness) }
        if let taproot = expansion.taproot {
            setTapInternalKey(taproot.internalKey.bytes)
            for key in expansion.keys.sorted(by: { $0.publicKey.lexicographicallyPrecedes($1.publicKey) }) {
                guard let origin = key.origin else { continue }
                addTapBIP32Derivation(xOnlyKey: key.publicKey, leafHashes: key.leafHashes, origin: origin)
            }
        } else {
            for key in expansion.keys.sorted(by: { $0.publicKey.lexicographicallyPrecedes($1.publicKey) }) {
                guard let origin = key.origin, let publicKey = try? PublicKey(bytes: key.publicKey) else { continue }
                addBIP32Derivation(publicKey: publicKey, origin: origin)
            }
        }
    }
}

extension PSBTGlobal {
    /// Adds PSBT_GLOBAL_XPUB for every extended key of the descriptor (Ledger and Coldcard need them for
    /// multisig; HWI rebuilds the policy from them).
    public mutating func addExtendedPublicKeys(of descriptor: Descriptor) {
        for (key, origin) in descriptor.extendedPublicKeys {
            addExtendedPublicKey(key, origin: origin)
        }
    }
}
