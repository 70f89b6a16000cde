public import Bitcoin
public import BitcoinPSBT

/// `custos migrate bump`: a replacement (BIP125) for a sweep caught in a fee race. Same inputs, same destination,
/// a higher fee taken from the single output; every signature is dropped (each one commits to the old amount), so
/// all cosigners must sign the new PSBT, and a `ReplacementMarker` records what it replaces.
public enum FeeBumper {
    /// Bitcoin Core's default incremental relay fee: a replacement pays at least this much more per vbyte of its
    /// own size than the original (BIP125 rule 4).
    public static let incrementalRelayFee = FeeRate.minimumRelay

    /// The replacement and its figures.
    public struct Bump: Sendable {
        public let psbt: PSBT
        public let replaces: TransactionID
        public let txid: TransactionID
        public let originalFee: Int64
        public let fee: Int64
        public let amount: Int64
        public let virtualSizeUpperBound: Int
    }

    public static func bump(
        _ original: PSBT, feeRate: FeeRate, policy: CeremonyPolicy?
    ) throws(CeremonyError) -> Bump {
        if let policy { try policy.checkNotExpired() }
        guard !original.inputs.contains(where: \.isFinalized) else {
            throw .refused(
                "the PSBT has finalized inputs, whose scripts and key origins are gone; bump the plan's PSBT (or any "
                    + "unfinalized copy)")
        }
        let transaction: Transaction
        let previousFee: Int64?
        do {
            transaction = try original.unsignedTransaction()
            previousFee = try original.fee()
        } catch {
            throw .psbt(error)
        }
        guard transaction.outputs.count == 1, let output = transaction.outputs.first else {
            throw .unsupported(
                "a sweep has one output; this PSBT has \(transaction.outputs.count), so Custos will not choose which "
                    + "one pays the fee")
        }
        guard let previousFee else { throw .refused("the PSBT lacks the UTXO data to know its current fee") }
        guard transaction.inputs.allSatisfy({ $0.sequence < 0xffff_fffe }) else {
            throw .refused("the transaction does not signal replace-by-fee (an input's sequence is final)")
        }
        let size = try sizes(of: original)
        let fee = feeRate.fee(virtualSize: size.upper)
        let minimum = previousFee + incrementalRelayFee.fee(virtualSize: size.upper)
        guard fee >= minimum else {
            let needed = FeeRate(satoshisPerKilovbyte: (minimum * 1_000 + Int64(size.upper) - 1) / Int64(size.upper))
            throw .refused(
                "a replacement must pay at least \(minimum) sat (the current \(previousFee) sat plus 1 sat/vB of its "
                    + "\(size.upper) vB, BIP125 rule 4); \(feeRate) sat/vB gives \(fee) sat; ask for at least "
                    + "\(needed) sat/vB")
        }
        let total = previousFee + output.value
        let dust = DustLimit.threshold(for: output.scriptPubKey)
        guard total - fee >= dust else {
            throw .refused(
                "the inputs (\(total) sat) do not cover a fee of \(fee) sat plus the destination's dust limit (\(dust) sat)"
            )
        }
        if let policy {
            try policy.checkOutputs(transaction, label: "the replacement")
            try policy.checkFee(fee, virtualSize: size.typical, label: "the replacement")
        }
        var replacement = transaction
        replacement.outputs[0].value = total - fee
        var psbt = try rebuild(original, transaction: replacement)
        ReplacementMarker.mark(&psbt, replacing: transaction.txid)
        return Bump(
            psbt: psbt, replaces: transaction.txid, txid: replacement.txid, originalFee: previousFee, fee: fee,
            amount: total - fee, virtualSizeUpperBound: size.upper)
    }

    /// The finalized size with the largest ECDSA signatures, and with 71-byte ones (exact for taproot).
    private static func sizes(of psbt: PSBT) throws(CeremonyError) -> (upper: Int, typical: Int) {
        guard let range = try SignatureStatus(psbt, network: .mainnet).virtualSizeRange else {
            throw .unsupported("Custos cannot size the finalized transaction (unknown input scripts)")
        }
        return range
    }

    /// A fresh PSBT for `transaction` with the original's UTXOs, scripts, key origins and global xpubs, and
    /// nothing else: no signatures, no final scripts, no unknown or proprietary records.
    private static func rebuild(_ original: PSBT, transaction: Transaction) throws(CeremonyError) -> PSBT {
        var psbt: PSBT
        do {
            psbt = try PSBT(unsignedTransaction: transaction, version: original.version)
        } catch {
            throw .psbt(error)
        }
        for entry in original.global.extendedPublicKeys {
            if let key = entry.key { psbt.global.addExtendedPublicKey(key, origin: entry.origin) }
        }
        for (index, input) in original.inputs.enumerated() {
            if let previous = input.nonWitnessUTXO { psbt.inputs[index].setNonWitnessUTXO(previous) }
            if let output = input.witnessUTXO { psbt.inputs[index].setWitnessUTXO(output) }
            if let type = input.sighashType { psbt.inputs[index].setSighashType(type) }
            if let script = input.redeemScript { psbt.inputs[index].setRedeemScript(script) }
            if let script = input.witnessScript { psbt.inputs[index].setWitnessScript(script) }
            for (key, origin) in input.bip32Derivations {
                if let publicKey = try? PublicKey(bytes: key) {
                    psbt.inputs[index].addBIP32Derivation(publicKey: publicKey, origin: origin)
                }
            }
            for (control, leaf) in input.tapLeafScripts {
                psbt.inputs[index].addTapLeafScript(controlBlock: control, leaf: leaf)
            }
            for (key, hashes, origin) in input.tapBIP32Derivations {
                psbt.inputs[index].addTapBIP32Derivation(xOnlyKey: key, leafHashes: hashes, origin: origin)
            }
            if let key = input.tapInternalKey { psbt.inputs[index].setTapInternalKey(key) }
            if let root = input.tapMerkleRoot { psbt.inputs[index].setTapMerkleRoot(root) }
        }
        for (index, output) in original.outputs.enumerated() {
            if let script = output.redeemScript { psbt.outputs[index].setRedeemScript(script) }
            if let script = output.witnessScript { psbt.outputs[index].setWitnessScript(script) }
            for (key, origin) in output.bip32Derivations {
                if let publicKey = try? PublicKey(bytes: key) {
                    psbt.outputs[index].addBIP32Derivation(publicKey: publicKey, origin: origin)
                }
            }
            if let key = output.tapInternalKey { psbt.outputs[index].setTapInternalKey(key) }
            for (key, hashes, origin) in output.tapBIP32Derivations {
                psbt.outputs[index].addTapBIP32Derivation(xOnlyKey: key, leafHashes: hashes, origin: origin)
            }
        }
        return psbt
    }
}
