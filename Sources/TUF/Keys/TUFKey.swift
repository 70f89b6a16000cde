internal import CustosCrypto

/// A public key from root or a delegator's `keys`, ready to verify signatures.
///
/// Supported (the TUF specification's recommended set): `ed25519`/`ed25519` (64 hex characters),
/// `ecdsa`/`ecdsa-sha2-nistp256` and the legacy keytype `ecdsa-sha2-nistp256` (PEM SubjectPublicKeyInfo, DER
/// signatures), and `rsa`/`rsassa-pss-sha256` (PEM, at least 2048 bits, any PSS salt length as securesystemslib
/// accepts). A key of another type, or whose public value does not parse, is kept but verifies nothing: metadata
/// can still reach its threshold with other keys, and unknown fields stay part of the signed bytes.
public struct TUFKey: Sendable {
    public let keyType: String
    public let scheme: String
    /// Why this key cannot verify anything, or nil when it can.
    public let unusableReason: String?
    private let verifier: Verifier

    private enum Verifier: Sendable {
        case ed25519(Ed25519PublicKey)
        case p256(P256PublicKey)
        case rsaPSS(RSAPublicKey)
        case unusable
    }

    init(reading reader: FieldReader) throws(TUFError) {
        keyType = try reader.string("keytype")
        scheme = try reader.string("scheme")
        let keyValue = try reader.nested("keyval")
        let publicValue: String?
        if case .string(let text)? = keyValue.object["public"] { publicValue = text } else { publicValue = nil }
        (verifier, unusableReason) = Self.makeVerifier(keyType: keyType, scheme: scheme, publicValue: publicValue)
    }

    private static func makeVerifier(keyType: String, scheme: String, publicValue: String?) -> (Verifier, String?) {
        guard let publicValue else { return (.unusable, "keyval.public is missing or not a string") }
        switch (keyType, scheme) {
        case ("ed25519", "ed25519"):
            guard publicValue.utf8.count == 64, let bytes = [UInt8](hex: publicValue),
                let key = try? Ed25519PublicKey(bytes: bytes)
            else { return (.unusable, "not a 32-byte hex Ed25519 key") }
            return (.ed25519(key), nil)
        case ("ecdsa", "ecdsa-sha2-nistp256"), ("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256"):
            do {
                return (.p256(try P256PublicKey(pem: publicValue)), nil)
            } catch {
                return (.unusable, "not a PEM P-256 key: \(error)")
            }
        case ("rsa", "rsassa-pss-sha256"):
            do {
                let key = try RSAPublicKey(pem: publicValue)
                guard key.bitCount >= 2048 else { return (.unusable, "RSA key of \(key.bitCount) bits is too short") }
                return (.rsaPSS(key), nil)
            } catch {
                return (.unusable, "not a PEM RSA key: \(error)")
            }
        default:
            return (.unusable, "unsupported key type \(keyType)/\(scheme)")
        }
    }

    /// Whether `signature` is valid for the canonical bytes `message` whose SHA-256 is `messageDigest`.
    func isValidSignature(_ signature: [UInt8], message: [UInt8], messageDigest: [UInt8]) -> Bool {
        switch verifier {
        case .ed25519(let key): return key.isValidSignature(signature, message: message)
        case .p256(let key): return key.isValidSignature(signature, digest: messageDigest, encoding: .der)
        case .rsaPSS(let key): return key.isValidPSSSignatureWithAnySaltLength(signature, digest: messageDigest)
        case .unusable: return false
        }
    }
}
