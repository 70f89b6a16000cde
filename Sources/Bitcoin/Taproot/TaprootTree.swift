public import CustosCrypto
public import Secp256k1

/// A taproot script tree given as leaves with their depths in depth-first order (the PSBT_OUT_TAP_TREE form and
/// what descriptors produce). Building checks the list describes a complete binary tree, as Bitcoin Core's
/// TaprootBuilder does, and yields the merkle root and each leaf's merkle path.
public struct TaprootTree: Sendable, Hashable {
    /// BIP341's limit on control-block path length.
    public static let maximumDepth = 128

    public struct Leaf: Sendable, Hashable {
        public let leaf: TapLeaf
        public let depth: Int
        /// Sibling hashes from the leaf up to the root.
        public let merklePath: [[UInt8]]
    }

    public let leaves: [Leaf]
    public let merkleRoot: [UInt8]

    public enum BuildError: Error, Equatable, Sendable {
        case depthTooLarge(Int)
        case notComplete
        case empty
    }

    private struct Node {
        var hash: [UInt8]
        /// Indexes into `leaves` with the path collected so far.
        var members: [(index: Int, path: [[UInt8]])]
    }

    public init(leaves input: [(depth: Int, leaf: TapLeaf)]) throws(BuildError) {
        guard !input.isEmpty else { throw .empty }
        var branch: [Node?] = []
        for (position, item) in input.enumerated() {
            guard item.depth >= 0, item.depth <= Self.maximumDepth else { throw .depthTooLarge(item.depth) }
            var depth = item.depth
            // A leaf may not come shallower than an unfinished deeper branch (not a depth-first order).
            guard depth + 1 >= branch.count else { throw .notComplete }
            var node = Node(hash: item.leaf.hash, members: [(position, [])])
            while branch.count > depth, let sibling = branch[depth] {
                node = Self.combine(node, sibling)
                branch.removeLast()
                guard depth > 0 else { throw .notComplete }
                depth -= 1
            }
            if branch.count <= depth {
                branch.append(contentsOf: [Node?](repeating: nil, count: depth + 1 - branch.count))
            }
            branch[depth] = node
        }
        guard branch.count == 1, let root = branch[0] else { throw .notComplete }
        var paths = [[[UInt8]]](repeating: [], count: input.count)
        for member in root.members { paths[member.index] = member.path }
        leaves = input.enumerated().map {
            Leaf(leaf: $0.element.leaf, depth: $0.element.depth, merklePath: paths[$0.offset])
        }
        merkleRoot = root.hash
    }

    private static func combine(_ first: Node, _ second: Node) -> Node {
        let members =
            first.members.map { ($0.index, $0.path + [second.hash]) }
            + second.members.map { ($0.index, $0.path + [first.hash]) }
        return Node(hash: TapLeaf.branchHash(first.hash, second.hash), members: members)
    }

    /// The BIP341 control block for a leaf: (version | output-key parity) ‖ internal key ‖ merkle path.
    public func controlBlock(for leafIndex: Int, internalKey: XOnlyPublicKey) throws(CryptoError) -> [UInt8] {
        let (_, parity) = try internalKey.taprootOutputKey(merkleRoot: merkleRoot)
        let leaf = leaves[leafIndex]
        return [leaf.leaf.version | (parity ? 1 : 0)] + internalKey.bytes + leaf.merklePath.joined()
    }
}
