internal import CSecp256k1
public import CustosCrypto

/// A BIP340 x-only public key (32 bytes): the point with this x coordinate and even y.
public struct XOnlyPublicKey: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Parses 32 bytes; refuses an x that is ≥ p or has no point on the curve.
    public init(bytes input: some Collection<UInt8>) throws(CryptoError) {
        let candidate = try requireLength(input, 32, "x-only public key")
        let context = try Secp256k1Context.shared()
        var key = secp256k1_xonly_pubkey()
        guard secp256k1_xonly_pubkey_parse(context, &key, candidate) == 1 else {
            throw .invalidPublicKey("x is not the coordinate of a secp256k1 point")
        }
        bytes = candidate
    }

    init(validatedBytes: [UInt8]) {
        bytes = validatedBytes
    }

    init(libraryKey key: secp256k1_xonly_pubkey, context: OpaquePointer) {
        var key = key
        var output = [UInt8](repeating: 0, count: 32)
        _ = secp256k1_xonly_pubkey_serialize(context, &output, &key)
        bytes = output
    }

    func libraryKey(context: OpaquePointer) -> secp256k1_xonly_pubkey? {
        var key = secp256k1_xonly_pubkey()
        guard secp256k1_xonly_pubkey_parse(context, &key, bytes) == 1 else { return nil }
        return key
    }

    /// Verifies a BIP340 Schnorr signature (64 bytes) over a message of any length.
    public func isValidSchnorrSignature(_ signature: some Collection<UInt8>, message: some Collection<UInt8>) -> Bool {
        guard signature.count == 64, let context = Secp256k1Context.sharedIfAvailable,
            var key = libraryKey(context: context)
        else { return false }
        let signatureBytes = Array(signature)
        return message.withContiguousBytes { messageBytes in
            secp256k1_schnorrsig_verify(
                context, signatureBytes, messageBytes.unsignedCharPointer, messageBytes.count, &key) == 1
        }
    }

    /// BIP341 output key: this internal key tweaked by TapTweak(key ‖ merkleRoot), or by TapTweak(key) alone
    /// when there is no script tree. Returns the output key and whether its y is odd (the control block's parity).
    public func taprootOutputKey(
        merkleRoot: [UInt8]? = nil
    ) throws(CryptoError) -> (outputKey: XOnlyPublicKey, hasOddY: Bool) {
        if let merkleRoot, merkleRoot.count != 32 {
            throw .invalidLength(what: "taproot merkle root", expected: "32", actual: merkleRoot.count)
        }
        let context = try Secp256k1Context.shared()
        guard var internalKey = libraryKey(context: context) else { throw .invalidPublicKey("not on the curve") }
        let tweak = SHA256.taggedHash(tag: "TapTweak", bytes + (merkleRoot ?? []))
        var tweaked = secp256k1_pubkey()
        guard secp256k1_xonly_pubkey_tweak_add(context, &tweaked, &internalKey, tweak) == 1 else {
            throw .invalidTweak
        }
        var output = secp256k1_xonly_pubkey()
        var parity: Int32 = 0
        guard secp256k1_xonly_pubkey_from_pubkey(context, &output, &parity, &tweaked) == 1 else {
            throw .invalidTweak
        }
        return (XOnlyPublicKey(libraryKey: output, context: context), parity == 1)
    }

    public var description: String { bytes.hexString }
}
