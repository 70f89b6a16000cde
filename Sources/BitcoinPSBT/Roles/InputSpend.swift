public import Bitcoin
internal import CustosCrypto

/// How one PSBT input spends its output: the script signatures commit to, which keys may sign, and how many must.
/// Built from the input's UTXO and scripts, each checked against the output script (a redeem or witness script that
/// does not hash to the output is refused, as BIP174's "fails signer checks" vectors require).
public struct InputSpend: Sendable {
    public enum Kind: Sendable {
        /// Pre-segwit: P2PKH, P2SH, bare scripts. Signatures use the legacy sighash over `scriptCode`.
        case legacy(scriptCode: Script)
        /// Segwit v0 (native or inside P2SH): BIP143 over `scriptCode` with the spent amount.
        case segwitV0(scriptCode: Script)
        /// Taproot: BIP341, key path against `outputKey` or script path through the verified leaves.
        case taproot(outputKey: [UInt8])
    }

    /// A taproot leaf whose control block was checked against the output key.
    public struct Leaf: Sendable {
        public let leaf: TapLeaf
        public let controlBlock: [UInt8]
        public let hash: [UInt8]
        public let multisig: MultisigScript?
    }

    public let spentOutput: TransactionOutput
    public let kind: Kind
    /// "p2wsh", "p2sh-p2wsh", "p2sh", "p2wpkh", "p2sh-p2wpkh", "p2pkh", "p2tr", ...
    public let scriptType: String
    public let redeemScript: Script?
    public let witnessScript: Script?
    /// For script spends: the script holding the keys (redeem, witness or bare output script).
    public let script: Script?
    /// CHECKMULTISIG scripts (legacy and segwit v0).
    public let multisig: MultisigScript?
    /// For P2PKH / P2WPKH: the key hash a signing key must match.
    public let keyHash: [UInt8]?
    /// Taproot leaves proven to be in the output's tree.
    public let leaves: [Leaf]

    /// Resolves input `index` of `psbt`; `transaction` is the PSBT's unsigned transaction.
    public init(psbt: PSBT, index: Int, transaction: Transaction) throws(SignatureFailure.Reason) {
        try self.init(input: psbt.inputs[index], previousOutput: transaction.inputs[index].previousOutput)
    }

    /// Resolves `input`, which spends `outpoint` (also used on the scripts read back from final scripts).
    init(input: PSBTInput, previousOutput outpoint: OutPoint) throws(SignatureFailure.Reason) {
        var spent: TransactionOutput?
        if let previous = input.nonWitnessUTXO {
            guard previous.txid == outpoint.txid, Int(outpoint.index) < previous.outputs.count else {
                throw .scriptMismatch("the non-witness UTXO is not the transaction this input spends")
            }
            spent = previous.outputs[Int(outpoint.index)]
            if let witness = input.witnessUTXO, witness != spent {
                throw .scriptMismatch("the witness UTXO differs from the output in the non-witness UTXO")
            }
        } else {
            spent = input.witnessUTXO
        }
        guard let spent else { throw .missingUTXO }
        spentOutput = spent
        let trustedAmount = input.hasNonWitnessUTXO

        redeemScript = input.redeemScript
        witnessScript = input.witnessScript
        var type = OutputType(spent.scriptPubKey)
        var prefix = ""
        if case .payToScriptHash(let hash) = type {
            guard let redeem = input.redeemScript else { throw .scriptMismatch("the P2SH redeem script is missing") }
            guard Hash160.hash(redeem.bytes) == hash else {
                throw .scriptMismatch("the redeem script does not match the output script")
            }
            let inner = OutputType(redeem)
            if inner.isWitness {
                type = inner
                prefix = "p2sh-"
            } else {
                guard trustedAmount else { throw .nonWitnessUTXORequired }
                let multisig = MultisigScript(redeem)
                kind = .legacy(scriptCode: redeem)
                scriptType = "p2sh"
                script = redeem
                self.multisig = multisig?.kind == .checkMultisig ? multisig : nil
                keyHash = nil
                leaves = []
                return
            }
        }
        switch type {
        case .payToWitnessScriptHash(let hash):
            guard let witness = input.witnessScript else { throw .scriptMismatch("the witness script is missing") }
            guard SHA256.hash(witness.bytes) == hash else {
                throw .scriptMismatch("the witness script does not match the output script")
            }
            let multisig = MultisigScript(witness)
            kind = .segwitV0(scriptCode: witness)
            scriptType = prefix + "p2wsh"
            script = witness
            self.multisig = multisig?.kind == .checkMultisig ? multisig : nil
            keyHash = nil
            leaves = []
        case .payToWitnessPubkeyHash(let hash):
            kind = .segwitV0(scriptCode: .payToPubkeyHash(hash))
            scriptType = prefix + "p2wpkh"
            script = nil
            multisig = nil
            keyHash = hash
            leaves = []
        case .payToTaproot(let outputKey):
            guard prefix.isEmpty else { throw .unsupportedScript("taproot inside P2SH") }
            kind = .taproot(outputKey: outputKey)
            scriptType = "p2tr"
            script = nil
            multisig = nil
            keyHash = nil
            var verified: [Leaf] = []
            for (control, leaf) in input.tapLeafScripts {
                guard let block = ControlBlock(control), block.commits(leaf: leaf, toOutputKey: outputKey) else {
                    throw .scriptMismatch("a taproot leaf script's control block does not commit to the output key")
                }
                let parsed = MultisigScript(leaf.script)
                verified.append(
                    Leaf(
                        leaf: leaf, controlBlock: control, hash: leaf.hash,
                        multisig: parsed?.kind == .checkSigAdd ? parsed : nil))
            }
            leaves = verified
        case .witnessUnknown(let version, _):
            throw .unsupportedScript("witness version \(version)")
        case .payToPubkeyHash(let hash):
            guard trustedAmount else { throw .nonWitnessUTXORequired }
            kind = .legacy(scriptCode: spent.scriptPubKey)
            scriptType = "p2pkh"
            script = nil
            multisig = nil
            keyHash = hash
            leaves = []
        case .multisig, .payToPubkey, .nonStandard:
            guard trustedAmount else { throw .nonWitnessUTXORequired }
            kind = .legacy(scriptCode: spent.scriptPubKey)
            scriptType = type.name
            script = spent.scriptPubKey
            let multisig = MultisigScript(spent.scriptPubKey)
            self.multisig = multisig?.kind == .checkMultisig ? multisig : nil
            keyHash = nil
            leaves = []
        case .payToScriptHash, .nullData:
            throw .unsupportedScript("output type \(type.name)")
        }
    }

    public var isSegwit: Bool {
        if case .legacy = kind { return false }
        return true
    }

    /// True when `publicKey` (SEC1 bytes) is one the spent script lets sign.
    public func canSign(with publicKey: [UInt8]) -> Bool {
        if let keyHash { return Hash160.hash(publicKey) == keyHash }
        if let multisig { return multisig.publicKeys.contains(publicKey) }
        guard let script, let operations = script.operations else { return false }
        return operations.contains { $0.data.map { $0.elementsEqual(publicKey) } ?? false }
    }
}
