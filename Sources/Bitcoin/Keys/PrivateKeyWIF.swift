internal import CustosCrypto
public import Secp256k1

/// A private key in Wallet Import Format (Base58Check: version byte, 32-byte key, optional 0x01 compression flag).
/// Custos reads WIF only for test vectors and descriptors that carry private keys; it never needs one to coordinate.
public struct PrivateKeyWIF: Sendable {
    public let privateKey: Secp256k1PrivateKey
    /// Whether the matching public key is used in compressed form.
    public let isCompressed: Bool
    public let network: Network

    public init(privateKey: Secp256k1PrivateKey, isCompressed: Bool = true, network: Network) {
        self.privateKey = privateKey
        self.isCompressed = isCompressed
        self.network = network
    }

    /// Decodes WIF text for any network; nil when it is not a well-formed WIF key.
    public init?(_ text: String) {
        guard let payload = Base58.decodeCheck(text), payload.count == 33 || payload.count == 34,
            let network = Network.forPrivateKeyPrefix(payload[0])
        else { return nil }
        if payload.count == 34 && payload[33] != 0x01 { return nil }
        guard let key = try? Secp256k1PrivateKey(bytes: payload[1..<33]) else { return nil }
        privateKey = key
        isCompressed = payload.count == 34
        self.network = network
    }

    /// The public key in the encoding this WIF key asks for.
    public var publicKey: PublicKey {
        get throws(CryptoError) {
            let point = try privateKey.publicKey
            return isCompressed ? PublicKey(compressed: point) : try PublicKey(bytes: point.uncompressed)
        }
    }

    public var encoded: String {
        var payload = [network.privateKeyPrefix] + privateKey.rawRepresentation
        if isCompressed { payload.append(0x01) }
        return Base58.encodeCheck(payload)
    }
}
