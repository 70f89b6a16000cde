internal import COpenSSL

/// An Ed25519 private key from its 32-byte seed (RFC 8032), for signing test images and test metadata.
public struct Ed25519PrivateKey: Sendable, CustomStringConvertible {
    private let key: OpenSSLPrivateKey
    public let publicKey: Ed25519PublicKey

    public init(seed input: some Collection<UInt8>) throws(CryptoError) {
        let seed = try requireLength(input, 32, "Ed25519 seed")
        guard let pointer = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, 32) else {
            throw .invalidPrivateKey("OpenSSL refused the Ed25519 seed: \(OpenSSLErrors.drain())")
        }
        key = OpenSSLPrivateKey(taking: pointer)
        var publicBytes = [UInt8](repeating: 0, count: 32)
        var length = 32
        guard EVP_PKEY_get_raw_public_key(pointer, &publicBytes, &length) == 1, length == 32 else {
            throw .backendFailure("cannot read the Ed25519 public key: \(OpenSSLErrors.drain())")
        }
        publicKey = try Ed25519PublicKey(bytes: publicBytes)
    }

    /// Pure Ed25519 signature (64 bytes) over `message`.
    public func signature(for message: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw .backendFailure("EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit_ex(context, nil, nil, nil, nil, key.pointer, nil) == 1 else {
            throw .backendFailure("EVP_DigestSignInit_ex: \(OpenSSLErrors.drain())")
        }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        var empty: UInt8 = 0
        let status = message.withContiguousBytes { messageBytes in
            withUnsafePointer(to: &empty) { emptyPointer in
                EVP_DigestSign(
                    context, &signature, &length, messageBytes.unsignedCharPointer ?? emptyPointer, messageBytes.count)
            }
        }
        guard status == 1, length == 64 else { throw .backendFailure("EVP_DigestSign: \(OpenSSLErrors.drain())") }
        return signature
    }

    public var description: String { "Ed25519PrivateKey(public: \(publicKey))" }
}

/// Owns an OpenSSL `EVP_PKEY` holding a private key.
///
/// `@unchecked Sendable`: never mutated after construction; each signing call makes its own context.
final class OpenSSLPrivateKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }
}
