internal import CSecp256k1
public import CustosCrypto

/// A secp256k1 public key (a point on the curve), parsed and checked by libsecp256k1.
public struct Secp256k1PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// libsecp256k1's internal 64-byte form, kept so that each verification does not parse the key again.
    private let parsed: [UInt8]
    /// SEC1 compressed form (33 bytes); two keys are equal when these are.
    public let compressed: [UInt8]

    /// Parses SEC1 bytes: 33 bytes starting 02/03 or 65 bytes starting 04. Hybrid encodings (06/07) are refused,
    /// as Bitcoin's standardness rules refuse them.
    public init(bytes: some Collection<UInt8>) throws(CryptoError) {
        let input = Array(bytes)
        switch (input.count, input.first) {
        case (33, 0x02), (33, 0x03), (65, 0x04): break
        case (33, _), (65, _): throw .invalidPublicKey("unknown prefix byte 0x\([input[0]].hexString)")
        default: throw .invalidLength(what: "secp256k1 public key", expected: "33 or 65", actual: input.count)
        }
        let context = try Secp256k1Context.shared()
        var key = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(context, &key, input, input.count) == 1 else {
            throw .invalidPublicKey("not a point on secp256k1")
        }
        self.init(parsed: key, context: context)
    }

    init(parsed key: secp256k1_pubkey, context: OpaquePointer) {
        var key = key
        parsed = withUnsafeBytes(of: &key) { Array($0) }
        var output = [UInt8](repeating: 0, count: 33)
        var length = 33
        _ = secp256k1_ec_pubkey_serialize(context, &output, &length, &key, UInt32(SECP256K1_EC_COMPRESSED))
        compressed = output
    }

    /// libsecp256k1's struct for this key.
    var libraryKey: secp256k1_pubkey {
        var key = secp256k1_pubkey()
        withUnsafeMutableBytes(of: &key) { $0.copyBytes(from: parsed) }
        return key
    }

    /// SEC1 uncompressed form (65 bytes, 04 ‖ x ‖ y).
    public var uncompressed: [UInt8] {
        guard let context = Secp256k1Context.sharedIfAvailable else { return [] }
        var key = libraryKey
        var output = [UInt8](repeating: 0, count: 65)
        var length = 65
        _ = secp256k1_ec_pubkey_serialize(context, &output, &length, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
        return output
    }

    /// The x-only key (BIP340) for the same x coordinate.
    public var xOnly: XOnlyPublicKey {
        // Dropping the parity byte of a valid compressed key always gives a valid x-only key.
        XOnlyPublicKey(validatedBytes: Array(compressed.dropFirst()))
    }

    /// True when the y coordinate is odd (compressed prefix 03).
    public var hasOddY: Bool { compressed[0] == 0x03 }

    /// This key plus tweak·G, as BIP32 public derivation needs. Throws for a tweak ≥ n or a result at infinity.
    public func adding(tweak: some Collection<UInt8>) throws(CryptoError) -> Secp256k1PublicKey {
        let tweak = try requireLength(tweak, 32, "secp256k1 tweak")
        let context = try Secp256k1Context.shared()
        var key = libraryKey
        guard secp256k1_ec_pubkey_tweak_add(context, &key, tweak) == 1 else { throw .invalidTweak }
        return Secp256k1PublicKey(parsed: key, context: context)
    }

    /// Verifies an ECDSA signature over a 32-byte digest. A digest of any other length never verifies.
    /// With `.requireLowS` a high-S signature is refused, as Bitcoin's standardness rules (BIP146) refuse it.
    public func isValidSignature(
        _ signature: ECDSASignature, digest: some Collection<UInt8>, lowS: LowSPolicy = .requireLowS
    ) -> Bool {
        guard digest.count == 32, let context = Secp256k1Context.sharedIfAvailable else { return false }
        var sig = signature.libraryForm(context: context)
        if lowS == .allowHighS {
            // libsecp256k1 verifies only low-S signatures; normalising first accepts both forms.
            var normalized = secp256k1_ecdsa_signature()
            _ = secp256k1_ecdsa_signature_normalize(context, &normalized, &sig)
            sig = normalized
        }
        var key = libraryKey
        let message = Array(digest)
        return secp256k1_ecdsa_verify(context, &sig, message, &key) == 1
    }

    public var description: String { compressed.hexString }

    public static func == (lhs: Secp256k1PublicKey, rhs: Secp256k1PublicKey) -> Bool {
        lhs.compressed == rhs.compressed
    }

    public func hash(into hasher: inout Swift.Hasher) {
        hasher.combine(compressed)
    }
}

/// Whether an ECDSA verification accepts signatures whose S is in the upper half of the group order.
public enum LowSPolicy: Sendable {
    /// Refuse high-S signatures (Bitcoin policy; every Bitcoin signer produces low-S).
    case requireLowS
    /// Accept both S and n − S (plain ECDSA, e.g. generic test vectors).
    case allowHighS
}
