internal import CustosCrypto
public import Secp256k1

/// A BIP32 extended private key (xprv / tprv). Custos uses these for test wallets, BIP vectors and descriptors that
/// carry private keys; production signing happens on hardware devices.
public struct ExtendedPrivateKey: Sendable, CustomStringConvertible {
    public let network: Network
    public let depth: UInt8
    public let parentFingerprint: Fingerprint
    public let childNumber: UInt32
    public let chainCode: [UInt8]
    public let privateKey: Secp256k1PrivateKey

    public init(
        network: Network, depth: UInt8, parentFingerprint: Fingerprint, childNumber: UInt32, chainCode: [UInt8],
        privateKey: Secp256k1PrivateKey
    ) {
        self.network = network
        self.depth = depth
        self.parentFingerprint = parentFingerprint
        self.childNumber = childNumber
        self.chainCode = chainCode
        self.privateKey = privateKey
    }

    /// The master key of a seed (BIP32: HMAC-SHA512 keyed with "Bitcoin seed").
    public init(seed: some Collection<UInt8>, network: Network = .mainnet) throws(BIP32Error) {
        let digest = HMACSHA512.authenticationCode(key: Array("Bitcoin seed".utf8), message: Array(seed))
        guard let key = try? Secp256k1PrivateKey(bytes: digest[0..<32]) else {
            throw .invalidKeyData("seed gives an invalid master key")
        }
        self.init(
            network: network, depth: 0, parentFingerprint: Fingerprint(value: 0), childNumber: 0,
            chainCode: Array(digest[32..<64]), privateKey: key)
    }

    public init(_ text: String) throws(BIP32Error) {
        guard let payload = Base58.decodeCheck(text) else { throw .invalidEncoding("not Base58Check") }
        let fields = try ExtendedKeyFields(payload)
        guard let network = fields.privateNetwork else {
            if fields.publicNetwork != nil { throw .invalidKeyData("public key version on a private key") }
            throw .unknownVersion(fields.version)
        }
        guard fields.keyData[0] == 0 else {
            throw .invalidKeyData("private key prefix 0x\([fields.keyData[0]].hexString)")
        }
        guard let key = try? Secp256k1PrivateKey(bytes: fields.keyData[1...]) else {
            throw .invalidKeyData("private key not in 1..n-1")
        }
        self.init(
            network: network, depth: fields.depth, parentFingerprint: fields.parentFingerprint,
            childNumber: fields.childNumber, chainCode: fields.chainCode, privateKey: key)
    }

    public var publicKey: PublicKey {
        get throws(BIP32Error) {
            guard let point = try? privateKey.publicKey else { throw .invalidKeyData("cannot compute public key") }
            return PublicKey(compressed: point)
        }
    }

    /// The matching extended public key.
    public var extendedPublicKey: ExtendedPublicKey {
        get throws(BIP32Error) {
            ExtendedPublicKey(
                network: network, depth: depth, parentFingerprint: parentFingerprint, childNumber: childNumber,
                chainCode: chainCode, publicKey: try publicKey)
        }
    }

    public var fingerprint: Fingerprint {
        get throws(BIP32Error) { Fingerprint(publicKey: try publicKey) }
    }

    public var encoded: String {
        let fields = ExtendedKeyFields(
            version: network.extendedPrivateKeyVersion, depth: depth, parentFingerprint: parentFingerprint,
            childNumber: childNumber, chainCode: chainCode, keyData: [0] + privateKey.rawRepresentation)
        return Base58.encodeCheck(fields.serialized)
    }

    public var description: String { "ExtendedPrivateKey(redacted)" }

    public func derive(_ index: UInt32) throws(BIP32Error) -> ExtendedPrivateKey {
        guard depth < 255 else { throw .depthOverflow }
        let parentKey = try publicKey
        let keyMaterial = DerivationPath.isHardened(index) ? [0] + privateKey.rawRepresentation : parentKey.bytes
        let step = ExtendedKeyFields.childStep(chainCode: chainCode, keyMaterial: keyMaterial, index: index)
        guard let child = try? privateKey.adding(tweak: step.tweak) else { throw .invalidChild(index: index) }
        return ExtendedPrivateKey(
            network: network, depth: depth + 1, parentFingerprint: Fingerprint(publicKey: parentKey),
            childNumber: index, chainCode: step.chainCode, privateKey: child)
    }

    public func derive(_ path: DerivationPath) throws(BIP32Error) -> ExtendedPrivateKey {
        var key = self
        for index in path.components {
            key = try key.derive(index)
        }
        return key
    }
}
