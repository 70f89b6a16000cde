internal import CustosCrypto
internal import Secp256k1

/// CustosCrypto's parsers of outside bytes: keys, DER and compact signatures, PEM and DER public keys. The first
/// input byte picks the parser. The C libraries are not instrumented, so coverage comes from the Swift facade;
/// the invariants are that an accepted encoding round-trips byte for byte and verification never traps.
public enum CryptoFuzzTargets {
    enum Parser: UInt8, CaseIterable {
        case secp256k1PublicKey
        case xOnlyPublicKey
        case ecdsaDER
        case ecdsaCompact
        case ed25519PublicKey
        case p256PublicKey
        case publicKeyPEM
        case rsaSubjectPublicKeyInfo
        case rsaModulus
    }

    static let digest = SHA256.hash(Array("custos fuzz".utf8))

    public static func parse(_ bytes: [UInt8]) throws(InvariantFailure) {
        guard let first = bytes.first else { return }
        let input = Array(bytes.dropFirst())
        switch Parser.allCases[Int(first) % Parser.allCases.count] {
        case .secp256k1PublicKey: try secp256k1Key(input)
        case .xOnlyPublicKey: try xOnlyKey(input)
        case .ecdsaDER: try ecdsaDER(input)
        case .ecdsaCompact: try ecdsaCompact(input)
        case .ed25519PublicKey: try ed25519Key(input)
        case .p256PublicKey: try p256Key(input)
        case .publicKeyPEM: try pem(input)
        case .rsaSubjectPublicKeyInfo:
            guard let key = try? RSAPublicKey(derSubjectPublicKeyInfo: input) else { return }
            try requireUsableRSA(key, signature: input)
        case .rsaModulus:
            let split = min(input.count, 4)
            guard let key = try? RSAPublicKey(modulus: input.dropFirst(split), exponent: input.prefix(split)) else {
                return
            }
            try requireUsableRSA(key, signature: Array(input.dropFirst(split).reversed()))
        }
    }

    private static func secp256k1Key(_ input: [UInt8]) throws(InvariantFailure) {
        // The key, then a DER signature to verify with it.
        let keyLength = input.first == 0x04 ? 65 : 33
        guard let key = try? Secp256k1PublicKey(bytes: input.prefix(keyLength)) else { return }
        let encoded = keyLength == 33 ? key.compressed : key.uncompressed
        try InvariantFailure.require(
            encoded == Array(input.prefix(keyLength)), "secp256k1 key does not re-encode to its input")
        if let signature = try? ECDSASignature(der: input.dropFirst(keyLength)) {
            _ = key.isValidSignature(signature, digest: digest, lowS: .allowHighS)
            _ = key.isValidSignature(signature, digest: digest, lowS: .requireLowS)
        }
    }

    private static func xOnlyKey(_ input: [UInt8]) throws(InvariantFailure) {
        guard let key = try? XOnlyPublicKey(bytes: input.prefix(32)) else { return }
        try InvariantFailure.require(key.bytes == Array(input.prefix(32)), "x-only key changed")
        _ = key.isValidSchnorrSignature(input.dropFirst(32).prefix(64), message: input.dropFirst(96))
        _ = try? key.taprootOutputKey(merkleRoot: input.count >= 64 ? Array(input[32..<64]) : nil)
    }

    /// Strict DER: an accepted signature whose r and s are in range re-encodes to exactly its input (libsecp256k1
    /// decodes an r or s that is negative or not below the group order as zero, which never verifies).
    private static func ecdsaDER(_ input: [UInt8]) throws(InvariantFailure) {
        guard let signature = try? ECDSASignature(der: input) else { return }
        let inRange = signature.compact[0..<32].contains { $0 != 0 } && signature.compact[32...].contains { $0 != 0 }
        try InvariantFailure.require(
            !inRange || signature.der == input, "DER \(input.hexString) re-encodes as \(signature.der.hexString)")
        let normalized = signature.normalized
        try InvariantFailure.require(normalized.isLowS, "a normalised signature is not low-S")
        try InvariantFailure.require(
            (try? ECDSASignature(der: signature.der))?.compact == signature.compact, "DER re-encoding does not parse")
    }

    private static func ecdsaCompact(_ input: [UInt8]) throws(InvariantFailure) {
        guard let signature = try? ECDSASignature(compact: input) else { return }
        try InvariantFailure.require(signature.compact == input, "compact signature changed")
        try InvariantFailure.require(
            signature.isLowS == (signature.normalized.compact == input), "low-S disagrees with normalisation")
    }

    private static func ed25519Key(_ input: [UInt8]) throws(InvariantFailure) {
        guard let key = try? Ed25519PublicKey(bytes: input.prefix(32)) else { return }
        try InvariantFailure.require(key.bytes == Array(input.prefix(32)), "Ed25519 key changed")
        _ = key.isValidSignature(input.dropFirst(32).prefix(64), message: input.dropFirst(96))
        _ = try? Ed25519PublicKey.aggregate([key, key])
    }

    private static func p256Key(_ input: [UInt8]) throws(InvariantFailure) {
        let length: Int
        switch input.first {
        case 0x04: length = 65
        case 0x02, 0x03: length = 33
        default: length = 64
        }
        guard let key = try? P256PublicKey(bytes: input.prefix(length)) else { return }
        let given = Array(input.prefix(length))
        switch length {
        case 65: try InvariantFailure.require(key.x962 == given, "P-256 SEC1 key changed")
        case 64: try InvariantFailure.require(key.x962 == [0x04] + given, "P-256 raw key changed")
        default:
            try InvariantFailure.require(
                key.x962.count == 65 && Array(key.x962[1..<33]) == Array(given[1...])
                    && key.x962[64] & 1 == given[0] & 1,
                "P-256 compressed key expands to another point")
        }
        let signature = input.dropFirst(length)
        _ = key.isValidSignature(signature, digest: digest, encoding: .der)
        _ = key.isValidSignature(signature, digest: digest, encoding: .p1363)
    }

    /// PEM as TUF metadata carries it: either kind of key, whatever the text.
    private static func pem(_ input: [UInt8]) throws(InvariantFailure) {
        let text = String(decoding: input, as: UTF8.self)
        if let key = try? P256PublicKey(pem: text) {
            try InvariantFailure.require(
                (try? P256PublicKey(bytes: key.x962))?.x962 == key.x962, "P-256 PEM key does not re-parse")
            _ = key.isValidSignature(input.suffix(64), digest: digest, encoding: .p1363)
        }
        if let key = try? RSAPublicKey(pem: text) {
            try requireUsableRSA(key, signature: Array(input.suffix(384)))
        }
    }

    /// Every RSA key the facade hands out is within the sizes `RSAPublicKey(modulus:exponent:)` documents, so a
    /// weak key cannot slip in through PEM or DER, and verification of any bytes answers a Bool.
    private static func requireUsableRSA(_ key: RSAPublicKey, signature: [UInt8]) throws(InvariantFailure) {
        try InvariantFailure.require(
            key.bitCount >= 1024 && key.bitCount <= 16384, "RSA key of \(key.bitCount) bits accepted")
        _ = key.isValidPSSSignature(signature, digest: digest, saltLength: 32)
        _ = key.isValidPSSSignature(signature, message: signature, saltLength: 0)
    }
}
