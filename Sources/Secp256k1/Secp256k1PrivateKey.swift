internal import CSecp256k1
public import CustosCrypto

/// A secp256k1 private key, for signing test vectors and in test tools. Custos never holds cosigners' keys in
/// production: signing happens on the hardware devices.
public struct Secp256k1PrivateKey: Sendable, CustomStringConvertible {
    private let secret: [UInt8]

    /// 32 bytes in [1, n−1].
    public init(bytes: some Collection<UInt8>) throws(CryptoError) {
        let candidate = try requireLength(bytes, 32, "secp256k1 private key")
        let context = try Secp256k1Context.shared()
        guard secp256k1_ec_seckey_verify(context, candidate) == 1 else {
            throw .invalidPrivateKey("zero or not below the group order")
        }
        secret = candidate
    }

    /// The secret scalar, big-endian. Handle with care.
    public var rawRepresentation: [UInt8] { secret }

    public var publicKey: Secp256k1PublicKey {
        get throws(CryptoError) {
            let context = try Secp256k1Context.shared()
            var key = secp256k1_pubkey()
            guard secp256k1_ec_pubkey_create(context, &key, secret) == 1 else {
                throw .invalidPrivateKey("cannot derive public key")
            }
            return Secp256k1PublicKey(parsed: key, context: context)
        }
    }

    public var xOnlyPublicKey: XOnlyPublicKey {
        get throws(CryptoError) { try publicKey.xOnly }
    }

    /// (key + tweak) mod n, as BIP32 private derivation needs.
    public func adding(tweak: some Collection<UInt8>) throws(CryptoError) -> Secp256k1PrivateKey {
        let tweak = try requireLength(tweak, 32, "secp256k1 tweak")
        let context = try Secp256k1Context.shared()
        var result = secret
        guard secp256k1_ec_seckey_tweak_add(context, &result, tweak) == 1 else { throw .invalidTweak }
        return try Secp256k1PrivateKey(bytes: result)
    }

    /// Deterministic ECDSA (RFC 6979) over a 32-byte digest; the result is always low-S.
    public func signECDSA(digest: some Collection<UInt8>) throws(CryptoError) -> ECDSASignature {
        let message = try requireLength(digest, 32, "ECDSA digest")
        let context = try Secp256k1Context.shared()
        var signature = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_sign(context, &signature, message, secret, nil, nil) == 1 else {
            throw .backendFailure("secp256k1_ecdsa_sign failed")
        }
        return ECDSASignature(librarySignature: signature, context: context)
    }

    /// BIP340 Schnorr signature over a message of any length, with 32 bytes of auxiliary randomness
    /// (pass fresh random bytes in real use; fixed bytes reproduce the BIP's vectors).
    public func signSchnorr(
        message: some Collection<UInt8>, auxiliaryRandomness: some Collection<UInt8>
    ) throws(CryptoError) -> [UInt8] {
        let aux = try requireLength(auxiliaryRandomness, 32, "BIP340 auxiliary randomness")
        let context = try Secp256k1Context.shared()
        var keypair = secp256k1_keypair()
        guard secp256k1_keypair_create(context, &keypair, secret) == 1 else {
            throw .invalidPrivateKey("cannot form a key pair")
        }
        var signature = [UInt8](repeating: 0, count: 64)
        let status: Int32 = aux.withUnsafeBufferPointer { auxBuffer in
            var extra = secp256k1_schnorrsig_extraparams()
            // SECP256K1_SCHNORRSIG_EXTRAPARAMS_INIT: the magic bytes, default nonce function, our aux data.
            extra.magic = (0xda, 0x6f, 0xb3, 0x8c)
            extra.noncefp = nil
            extra.ndata = UnsafeMutableRawPointer(mutating: auxBuffer.baseAddress)
            return message.withContiguousBytes { messageBytes in
                secp256k1_schnorrsig_sign_custom(
                    context, &signature, messageBytes.unsignedCharPointer, messageBytes.count, &keypair, &extra)
            }
        }
        guard status == 1 else { throw .backendFailure("secp256k1_schnorrsig_sign_custom failed") }
        return signature
    }

    /// The private key for a BIP341 key-path spend: tweaked like `XOnlyPublicKey.taprootOutputKey`.
    public func taprootTweaked(merkleRoot: [UInt8]? = nil) throws(CryptoError) -> Secp256k1PrivateKey {
        let context = try Secp256k1Context.shared()
        var keypair = secp256k1_keypair()
        guard secp256k1_keypair_create(context, &keypair, secret) == 1 else {
            throw .invalidPrivateKey("cannot form a key pair")
        }
        let internalKey = try xOnlyPublicKey
        if let merkleRoot, merkleRoot.count != 32 {
            throw .invalidLength(what: "taproot merkle root", expected: "32", actual: merkleRoot.count)
        }
        let tweak = SHA256.taggedHash(tag: "TapTweak", internalKey.bytes + (merkleRoot ?? []))
        guard secp256k1_keypair_xonly_tweak_add(context, &keypair, tweak) == 1 else { throw .invalidTweak }
        var tweakedSecret = [UInt8](repeating: 0, count: 32)
        _ = secp256k1_keypair_sec(context, &tweakedSecret, &keypair)
        return try Secp256k1PrivateKey(bytes: tweakedSecret)
    }

    public var description: String { "Secp256k1PrivateKey(redacted)" }
}
