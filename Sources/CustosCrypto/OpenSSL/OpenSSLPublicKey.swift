internal import COpenSSL

/// Owns an OpenSSL `EVP_PKEY` holding a public key.
///
/// `@unchecked Sendable`: the key is never mutated after construction, and OpenSSL's `EVP_PKEY` is reference counted
/// and safe to use for verification from several threads at once; each verification makes its own `EVP_PKEY_CTX`.
final class OpenSSLPublicKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Verifies a signature over an already-hashed message with `EVP_PKEY_verify` (ECDSA, RSA-PSS).
    /// `configure` sets padding and digest parameters on the context when the algorithm needs them.
    func verify(
        signature: UnsafeRawBufferPointer, digest: UnsafeRawBufferPointer,
        configure: (OpaquePointer) -> Bool = { _ in true }
    ) -> Bool {
        guard !signature.isEmpty, !digest.isEmpty else { return false }
        defer { OpenSSLErrors.clear() }
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, pointer, nil) else { return false }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_verify_init(context) == 1, configure(context) else { return false }
        return EVP_PKEY_verify(
            context, signature.unsignedCharPointer, signature.count, digest.unsignedCharPointer, digest.count) == 1
    }

    /// Verifies a signature over a whole message with `EVP_DigestVerify` and no separate digest (Ed25519).
    func verifyMessage(signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> Bool {
        guard !signature.isEmpty else { return false }
        defer { OpenSSLErrors.clear() }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit_ex(context, nil, nil, nil, nil, pointer, nil) == 1 else { return false }
        // OpenSSL wants a non-null pointer even for an empty message.
        var empty: UInt8 = 0
        return withUnsafePointer(to: &empty) { emptyPointer in
            EVP_DigestVerify(
                context, signature.unsignedCharPointer, signature.count,
                message.unsignedCharPointer ?? emptyPointer, message.count) == 1
        }
    }
}
