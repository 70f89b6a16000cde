internal import COpenSSL
internal import CSodium

/// An Ed25519 public key (RFC 8032), verified with OpenSSL.
public struct Ed25519PublicKey: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]
    private let key: OpenSSLPublicKey

    /// 32 bytes. OpenSSL decodes the point when verifying; a non-point key simply verifies nothing.
    public init(bytes input: some Collection<UInt8>) throws(CryptoError) {
        let candidate = try requireLength(input, 32, "Ed25519 public key")
        guard let pointer = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, candidate, 32) else {
            throw .invalidPublicKey("OpenSSL refused the Ed25519 key: \(OpenSSLErrors.drain())")
        }
        bytes = candidate
        key = OpenSSLPublicKey(taking: pointer)
    }

    /// Verifies a 64-byte Ed25519 signature over `message` (pure Ed25519, no prehash).
    public func isValidSignature(_ signature: some Collection<UInt8>, message: some Collection<UInt8>) -> Bool {
        guard signature.count == 64 else { return false }
        return signature.withContiguousBytes { signatureBytes in
            message.withContiguousBytes { messageBytes in
                key.verifyMessage(signature: signatureBytes, message: messageBytes)
            }
        }
    }

    /// The Edwards-curve sum of the keys: Trezor's CoSi aggregate key for the signers a sigmask selects.
    /// Throws for an empty list or a key that is not a valid curve point.
    public static func aggregate(_ keys: [Ed25519PublicKey]) throws(CryptoError) -> Ed25519PublicKey {
        guard var sum = keys.first?.bytes else {
            throw .invalidLength(what: "list of Ed25519 keys to aggregate", expected: "at least 1", actual: 0)
        }
        guard sodium_init() >= 0 else { throw .backendFailure("sodium_init failed") }
        guard crypto_core_ed25519_is_valid_point(sum) == 1 else {
            throw .invalidPublicKey("\(sum.hexString) is not a valid Ed25519 point")
        }
        for key in keys.dropFirst() {
            var next = [UInt8](repeating: 0, count: 32)
            guard crypto_core_ed25519_add(&next, sum, key.bytes) == 0 else {
                throw .invalidPublicKey("\(key.bytes.hexString) is not a valid Ed25519 point")
            }
            sum = next
        }
        return try Ed25519PublicKey(bytes: sum)
    }

    public var description: String { bytes.hexString }

    public static func == (lhs: Ed25519PublicKey, rhs: Ed25519PublicKey) -> Bool { lhs.bytes == rhs.bytes }

    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
