internal import CustosCrypto
internal import Secp256k1

/// A BIP341 control block, and the check that it proves a leaf is committed in a taproot output key.
public struct ControlBlock: Sendable, Hashable {
    public let bytes: [UInt8]

    /// 33 + 32·m bytes, m ≤ 128.
    public init?(_ bytes: some Collection<UInt8>) {
        let input = Array(bytes)
        guard input.count >= 33, (input.count - 33) % 32 == 0, (input.count - 33) / 32 <= TaprootTree.maximumDepth
        else { return nil }
        self.bytes = input
    }

    public var leafVersion: UInt8 { bytes[0] & 0xfe }
    public var outputKeyIsOdd: Bool { bytes[0] & 1 == 1 }
    public var internalKeyBytes: [UInt8] { Array(bytes[1..<33]) }
    public var merklePath: [[UInt8]] {
        stride(from: 33, to: bytes.count, by: 32).map { Array(bytes[$0..<$0 + 32]) }
    }

    /// The merkle root this control block implies for `leaf`.
    public func merkleRoot(for leaf: TapLeaf) -> [UInt8] {
        merklePath.reduce(leaf.hash) { TapLeaf.branchHash($0, $1) }
    }

    /// True when `leaf` with this control block spends the taproot output whose x-only key is `outputKey`.
    public func commits(leaf: TapLeaf, toOutputKey outputKey: [UInt8]) -> Bool {
        guard leaf.version == leafVersion, let internalKey = try? XOnlyPublicKey(bytes: internalKeyBytes),
            let (tweaked, odd) = try? internalKey.taprootOutputKey(merkleRoot: merkleRoot(for: leaf))
        else { return false }
        return tweaked.bytes == outputKey && odd == outputKeyIsOdd
    }
}
