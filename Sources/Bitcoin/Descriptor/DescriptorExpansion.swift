internal import CustosCrypto
public import Secp256k1

/// What one child of a descriptor expands to: the output script, the scripts a spender must reveal, the taproot
/// spend data, and every key with the origin a PSBT updater records for it.
public struct DescriptorExpansion: Sendable {
    /// A key in the expanded scripts.
    public struct Key: Sendable, Hashable {
        /// As it appears in the script: 33/65-byte SEC1, or 32-byte x-only inside taproot.
        public let publicKey: [UInt8]
        /// The origin to record (nil for a literal key given without one).
        public let origin: KeyOrigin?
        /// Taproot only: hashes of the leaves whose scripts contain the key (empty for the internal key).
        public let leafHashes: [[UInt8]]
    }

    /// Taproot spend data: internal key, script tree and the resulting output key.
    public struct Taproot: Sendable {
        public let internalKey: XOnlyPublicKey
        public let tree: TaprootTree?
        public let outputKey: XOnlyPublicKey
        public let outputKeyIsOdd: Bool
        /// Each leaf with its control block, in tree order.
        public let leaves: [(leaf: TapLeaf, controlBlock: [UInt8])]

        public var merkleRoot: [UInt8]? { tree?.merkleRoot }
    }

    public let scriptPubKey: Script
    /// P2SH: the redeem script the scriptSig reveals.
    public let redeemScript: Script?
    /// P2WSH (native or nested): the witness script.
    public let witnessScript: Script?
    public let taproot: Taproot?
    public let keys: [Key]

    init(_ node: DescriptorNode, index: UInt32, multipathIndex: Int) throws(DescriptorError) {
        var keys: [Key] = []
        switch node {
        case .sh(let inner):
            let redeem = try Self.innerScript(inner, index: index, multipathIndex: multipathIndex, keys: &keys)
            redeemScript = redeem.script
            witnessScript = redeem.witnessScript
            scriptPubKey = .payToScriptHash(redeemScript: redeem.script)
            taproot = nil
        case .wsh(let inner):
            let script = try Self.leafScript(
                inner, index: index, multipathIndex: multipathIndex, xOnly: false, keys: &keys)
            redeemScript = nil
            witnessScript = script
            scriptPubKey = .payToWitnessScriptHash(script)
            taproot = nil
        case .tr(let internalKeyExpression, let treeNode):
            let (internalKey, internalOrigin) = try internalKeyExpression.derive(
                multipathIndex: multipathIndex, index: index)
            var tree: TaprootTree?
            var leafKeys: [[UInt8]: (origin: KeyOrigin?, leaves: [[UInt8]])] = [:]
            var leafOrder: [[UInt8]] = []
            if let treeNode {
                var leaves: [(depth: Int, leaf: TapLeaf)] = []
                for (depth, leafNode) in treeNode.leavesWithDepth {
                    var scriptKeys: [Key] = []
                    let script = try Self.leafScript(
                        leafNode, index: index, multipathIndex: multipathIndex, xOnly: true, keys: &scriptKeys)
                    let leaf = TapLeaf(script: script)
                    leaves.append((depth, leaf))
                    for key in scriptKeys {
                        if leafKeys[key.publicKey] == nil { leafOrder.append(key.publicKey) }
                        leafKeys[key.publicKey, default: (key.origin, [])].leaves.append(leaf.hash)
                    }
                }
                do {
                    tree = try TaprootTree(leaves: leaves)
                } catch {
                    throw .notAllowedHere("taproot tree: \(error)")
                }
            }
            let xOnly = internalKey.xOnlyKey
            guard let (outputKey, odd) = try? xOnly.taprootOutputKey(merkleRoot: tree?.merkleRoot) else {
                throw .derivation("cannot tweak the taproot internal key")
            }
            var leavesWithControl: [(leaf: TapLeaf, controlBlock: [UInt8])] = []
            if let tree {
                for (position, leaf) in tree.leaves.enumerated() {
                    guard let control = try? tree.controlBlock(for: position, internalKey: xOnly) else {
                        throw .derivation("cannot build a control block")
                    }
                    leavesWithControl.append((leaf.leaf, control))
                }
            }
            keys.append(Key(publicKey: xOnly.bytes, origin: internalOrigin, leafHashes: []))
            for key in leafOrder {
                guard let entry = leafKeys[key] else { continue }
                if key == xOnly.bytes { continue }
                keys.append(Key(publicKey: key, origin: entry.origin, leafHashes: entry.leaves))
            }
            taproot = Taproot(
                internalKey: xOnly, tree: tree, outputKey: outputKey, outputKeyIsOdd: odd, leaves: leavesWithControl)
            scriptPubKey = .witnessProgram(version: 1, program: outputKey.bytes)
            redeemScript = nil
            witnessScript = nil
        case .wpkh(let key):
            let (derived, origin) = try key.derive(multipathIndex: multipathIndex, index: index)
            let bytes = derived.scriptBytes(xOnly: false)
            keys.append(Key(publicKey: bytes, origin: origin, leafHashes: []))
            scriptPubKey = .witnessProgram(version: 0, program: Hash160.hash(bytes))
            redeemScript = nil
            witnessScript = nil
            taproot = nil
        case .raw(let script):
            scriptPubKey = script
            redeemScript = nil
            witnessScript = nil
            taproot = nil
        case .addr(let address):
            scriptPubKey = address.scriptPubKey
            redeemScript = nil
            witnessScript = nil
            taproot = nil
        case .pk, .pkh, .multi, .multiA:
            scriptPubKey = try Self.leafScript(
                node, index: index, multipathIndex: multipathIndex, xOnly: false, keys: &keys)
            redeemScript = nil
            witnessScript = nil
            taproot = nil
        }
        self.keys = keys
    }

    /// The script inside sh(): a plain script, or the P2WSH / P2WPKH program with its witness script.
    private static func innerScript(
        _ node: DescriptorNode, index: UInt32, multipathIndex: Int, keys: inout [Key]
    ) throws(DescriptorError) -> (script: Script, witnessScript: Script?) {
        switch node {
        case .wsh(let inner):
            let witness = try leafScript(inner, index: index, multipathIndex: multipathIndex, xOnly: false, keys: &keys)
            return (.payToWitnessScriptHash(witness), witness)
        case .wpkh(let key):
            let (derived, origin) = try key.derive(multipathIndex: multipathIndex, index: index)
            let bytes = derived.scriptBytes(xOnly: false)
            keys.append(Key(publicKey: bytes, origin: origin, leafHashes: []))
            return (.witnessProgram(version: 0, program: Hash160.hash(bytes)), nil)
        default:
            return (try leafScript(node, index: index, multipathIndex: multipathIndex, xOnly: false, keys: &keys), nil)
        }
    }

    /// pk / pkh / multi / sortedmulti / multi_a / sortedmulti_a as a script (x-only keys inside tapscript).
    private static func leafScript(
        _ node: DescriptorNode, index: UInt32, multipathIndex: Int, xOnly: Bool, keys: inout [Key]
    ) throws(DescriptorError) -> Script {
        func derive(_ key: DescriptorKey) throws(DescriptorError) -> [UInt8] {
            let (derived, origin) = try key.derive(multipathIndex: multipathIndex, index: index)
            let bytes = derived.scriptBytes(xOnly: xOnly)
            keys.append(Key(publicKey: bytes, origin: origin, leafHashes: []))
            return bytes
        }
        switch node {
        case .pk(let key):
            var script = Script()
            script.appendPush(try derive(key))
            script.appendOpcode(Opcode.opCheckSig)
            return script
        case .pkh(let key):
            return .payToPubkeyHash(Hash160.hash(try derive(key)))
        case .multi(let threshold, let keyExpressions, let sorted):
            var derived: [[UInt8]] = []
            for key in keyExpressions { derived.append(try derive(key)) }
            if sorted { derived.sort { $0.lexicographicallyPrecedes($1) } }
            return .multisig(threshold: threshold, keys: derived)
        case .multiA(let threshold, let keyExpressions, let sorted):
            var derived: [[UInt8]] = []
            for key in keyExpressions { derived.append(try derive(key)) }
            if sorted { derived.sort { $0.lexicographicallyPrecedes($1) } }
            return .multiA(threshold: threshold, keys: derived)
        default:
            throw .notAllowedHere("this expression cannot be used here")
        }
    }

    /// The redeem script of an sh() body when it can be known without deriving (for the 520-byte check): keys
    /// with derivation are sized as 33-byte keys.
    static func scriptForSizeCheck(_ inner: DescriptorNode) throws(DescriptorError) -> Script? {
        guard case .multi(let threshold, let keyExpressions, _) = inner else { return nil }
        let sizes = keyExpressions.map { key -> Int in
            switch key.source {
            case .publicKey(let publicKey): return publicKey.bytes.count
            case .privateKey(let wif): return wif.isCompressed ? 33 : 65
            default: return 33
            }
        }
        return .multisig(threshold: threshold, keys: sizes.map { [UInt8](repeating: 2, count: $0) })
    }
}
