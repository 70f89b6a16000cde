internal import CustosCrypto
internal import Secp256k1

/// The signature checks the vendor formats share, answering plain values (a key that does not parse never verifies).
enum SignatureChecks {
    /// secp256k1 ECDSA over a 32-byte digest with a 64-byte r ‖ s signature; `publicKey` is SEC1 or raw x ‖ y.
    /// Both S halves are accepted, as the vendors' bootloaders (micro-ecc, trezor-crypto) accept them.
    static func secp256k1(publicKey: [UInt8], signature: [UInt8], digest: [UInt8]) -> Bool {
        let encoded = publicKey.count == 64 ? [0x04] + publicKey : publicKey
        guard let key = try? Secp256k1PublicKey(bytes: encoded),
            let parsed = try? ECDSASignature(compact: signature)
        else { return false }
        return key.isValidSignature(parsed, digest: digest, lowS: .allowHighS)
    }

    /// NIST P-256 ECDSA with SHA-256 over `message`, 64-byte r ‖ s signature, raw x ‖ y key (BitBox02).
    static func p256(publicKey: [UInt8], signature: [UInt8], message: [UInt8]) -> Bool {
        guard let key = try? P256PublicKey(bytes: publicKey) else { return false }
        return key.isValidSignature(signature, message: message, encoding: .p1363)
    }

    /// Trezor CoSi: bit i of `sigmask` selects `keys[i]` (bits beyond the key count are ignored, as the device
    /// does); the signature is a plain Ed25519 signature under the sum of the selected keys.
    static func cosi(signature: [UInt8], digest: [UInt8], keys: [[UInt8]], sigmask: UInt8) -> CoSiCheck {
        let selected = keys.indices.filter { $0 < 8 && sigmask & (1 << UInt8($0)) != 0 }
        guard !selected.isEmpty else { return CoSiCheck(signerCount: 0, signatureValid: false) }
        do {
            let parsed = try selected.map { index throws(CryptoError) in try Ed25519PublicKey(bytes: keys[index]) }
            let aggregate = try Ed25519PublicKey.aggregate(parsed)
            return CoSiCheck(
                signerCount: selected.count, signatureValid: aggregate.isValidSignature(signature, message: digest))
        } catch {
            return CoSiCheck(signerCount: selected.count, signatureValid: false)
        }
    }
}

/// A CoSi signature's signer count and whether the aggregate signature verified.
struct CoSiCheck {
    let signerCount: Int
    let signatureValid: Bool
}
