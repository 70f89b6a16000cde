internal import CustosCrypto

/// A parsed descriptor script expression (the supported subset of BIPs 380-389).
public indirect enum DescriptorNode: Sendable {
    case sh(DescriptorNode)
    case wsh(DescriptorNode)
    case pk(DescriptorKey)
    case pkh(DescriptorKey)
    case wpkh(DescriptorKey)
    /// `multi` / `sortedmulti` (OP_CHECKMULTISIG).
    case multi(threshold: Int, keys: [DescriptorKey], sorted: Bool)
    /// `multi_a` / `sortedmulti_a` (tapscript OP_CHECKSIGADD).
    case multiA(threshold: Int, keys: [DescriptorKey], sorted: Bool)
    case tr(internalKey: DescriptorKey, tree: TapTreeNode?)
    case raw(Script)
    case addr(Address)

    /// Every key expression, in descriptor order.
    public var keys: [DescriptorKey] {
        switch self {
        case .sh(let inner), .wsh(let inner): return inner.keys
        case .pk(let key), .pkh(let key), .wpkh(let key): return [key]
        case .multi(_, let keys, _), .multiA(_, let keys, _): return keys
        case .tr(let key, let tree): return [key] + (tree?.leaves.flatMap(\.keys) ?? [])
        case .raw, .addr: return []
        }
    }

    func text(multipathIndex: Int?) -> String {
        func keyList(_ keys: [DescriptorKey]) -> String {
            keys.map { $0.text(multipathIndex: multipathIndex) }.joined(separator: ",")
        }
        switch self {
        case .sh(let inner): return "sh(\(inner.text(multipathIndex: multipathIndex)))"
        case .wsh(let inner): return "wsh(\(inner.text(multipathIndex: multipathIndex)))"
        case .pk(let key): return "pk(\(key.text(multipathIndex: multipathIndex)))"
        case .pkh(let key): return "pkh(\(key.text(multipathIndex: multipathIndex)))"
        case .wpkh(let key): return "wpkh(\(key.text(multipathIndex: multipathIndex)))"
        case .multi(let threshold, let keys, let sorted):
            return "\(sorted ? "sortedmulti" : "multi")(\(threshold),\(keyList(keys)))"
        case .multiA(let threshold, let keys, let sorted):
            return "\(sorted ? "sortedmulti_a" : "multi_a")(\(threshold),\(keyList(keys)))"
        case .tr(let key, let tree):
            let keyText = key.text(multipathIndex: multipathIndex)
            guard let tree else { return "tr(\(keyText))" }
            return "tr(\(keyText),\(tree.text(multipathIndex: multipathIndex)))"
        case .raw(let script): return "raw(\(script.bytes.hexString))"
        case .addr(let address): return "addr(\(address))"
        }
    }
}

/// A taproot script tree in a `tr()` descriptor: a leaf script or `{left,right}`.
public indirect enum TapTreeNode: Sendable {
    case leaf(DescriptorNode)
    case branch(TapTreeNode, TapTreeNode)

    /// Leaves in depth-first order with their depths.
    public var leavesWithDepth: [(depth: Int, node: DescriptorNode)] {
        func walk(_ node: TapTreeNode, _ depth: Int) -> [(depth: Int, node: DescriptorNode)] {
            switch node {
            case .leaf(let script): return [(depth, script)]
            case .branch(let left, let right): return walk(left, depth + 1) + walk(right, depth + 1)
            }
        }
        return walk(self, 0)
    }

    public var leaves: [DescriptorNode] { leavesWithDepth.map(\.node) }

    func text(multipathIndex: Int?) -> String {
        switch self {
        case .leaf(let node): return node.text(multipathIndex: multipathIndex)
        case .branch(let left, let right):
            return "{\(left.text(multipathIndex: multipathIndex)),\(right.text(multipathIndex: multipathIndex))}"
        }
    }
}
