internal import CustosCrypto

/// A BIP32 extended public key (xpub / tpub): derives child public keys without any private key.
public struct ExtendedPublicKey: Sendable, Hashable, CustomStringConvertible {
    public let network: Network
    public let depth: UInt8
    public let parentFingerprint: Fingerprint
    public let childNumber: UInt32
    public let chainCode: [UInt8]
    public let publicKey: PublicKey

    /// The size of the serialized key (version, depth, parent fingerprint, child number, chain code, key).
    public static let serializedCount = 78

    public init(
        network: Network, depth: UInt8, parentFingerprint: Fingerprint, childNumber: UInt32, chainCode: [UInt8],
        publicKey: PublicKey
    ) {
        self.network = network
        self.depth = depth
        self.parentFingerprint = parentFingerprint
        self.childNumber = childNumber
        self.chainCode = chainCode
        self.publicKey = publicKey
    }

    /// Parses Base58Check text ("xpub...", "tpub...").
    public init(_ text: String) throws(BIP32Error) {
        guard let payload = Base58.decodeCheck(text) else { throw .invalidEncoding("not Base58Check") }
        try self.init(serialized: payload)
    }

    /// Parses the 78-byte serialization, checking every rule of BIP32's invalid-key vectors.
    public init(serialized bytes: some Collection<UInt8>) throws(BIP32Error) {
        let fields = try ExtendedKeyFields(Array(bytes))
        guard let network = fields.publicNetwork else {
            if fields.privateNetwork != nil { throw .invalidKeyData("private key version on a public key") }
            throw .unknownVersion(fields.version)
        }
        guard fields.keyData[0] == 0x02 || fields.keyData[0] == 0x03 else {
            throw .invalidKeyData("public key prefix 0x\([fields.keyData[0]].hexString)")
        }
        guard let key = try? PublicKey(bytes: fields.keyData) else { throw .invalidKeyData("not a point") }
        self.init(
            network: network, depth: fields.depth, parentFingerprint: fields.parentFingerprint,
            childNumber: fields.childNumber, chainCode: fields.chainCode, publicKey: key)
    }

    /// The 78-byte serialization with this network's version bytes.
    public var serialized: [UInt8] {
        ExtendedKeyFields(
            version: network.extendedPublicKeyVersion, depth: depth, parentFingerprint: parentFingerprint,
            childNumber: childNumber, chainCode: chainCode, keyData: publicKey.bytes
        ).serialized
    }

    public var encoded: String { Base58.encodeCheck(serialized) }
    public var description: String { encoded }

    /// This key's own fingerprint (the parent fingerprint of its children).
    public var fingerprint: Fingerprint { Fingerprint(publicKey: publicKey) }

    /// The non-hardened child at `index`.
    public func derive(_ index: UInt32) throws(BIP32Error) -> ExtendedPublicKey {
        guard !DerivationPath.isHardened(index) else { throw .hardenedDerivationFromPublicKey }
        guard depth < 255 else { throw .depthOverflow }
        let step = ExtendedKeyFields.childStep(
            chainCode: chainCode, keyMaterial: publicKey.key.compressed, index: index)
        guard let child = try? publicKey.key.adding(tweak: step.tweak) else { throw .invalidChild(index: index) }
        return ExtendedPublicKey(
            network: network, depth: depth + 1, parentFingerprint: fingerprint, childNumber: index,
            chainCode: step.chainCode, publicKey: PublicKey(compressed: child))
    }

    public func derive(_ path: DerivationPath) throws(BIP32Error) -> ExtendedPublicKey {
        var key = self
        for index in path.components {
            key = try key.derive(index)
        }
        return key
    }
}
