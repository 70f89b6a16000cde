internal import CustosCrypto

/// A taproot script leaf: a script and its leaf version (0xc0 for BIP342 tapscript).
public struct TapLeaf: Sendable, Hashable {
    public static let tapscriptVersion: UInt8 = 0xc0

    public var script: Script
    public var version: UInt8

    public init(script: Script, version: UInt8 = TapLeaf.tapscriptVersion) {
        self.script = script
        self.version = version
    }

    /// TaggedHash("TapLeaf", version ‖ compact-size script).
    public var hash: [UInt8] {
        var data = [version]
        data.appendVarBytes(script.bytes)
        return SHA256.taggedHash(tag: "TapLeaf", data)
    }

    /// TaggedHash("TapBranch", smaller ‖ larger).
    public static func branchHash(_ first: [UInt8], _ second: [UInt8]) -> [UInt8] {
        let ordered = first.lexicographicallyPrecedes(second) ? first + second : second + first
        return SHA256.taggedHash(tag: "TapBranch", ordered)
    }
}
