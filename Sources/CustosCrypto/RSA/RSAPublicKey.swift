internal import COpenSSL

/// An RSA public key for RSASSA-PSS verification with OpenSSL (Jade's ESP32 Secure Boot v2, TUF `rsa` keys).
public struct RSAPublicKey: Sendable {
    private let key: OpenSSLPublicKey
    /// Size of the modulus in bits.
    public let bitCount: Int

    /// From the big-endian modulus and public exponent.
    public init(modulus: some Collection<UInt8>, exponent: some Collection<UInt8>) throws(CryptoError) {
        let n = Array(modulus.drop { $0 == 0 })
        let e = Array(exponent.drop { $0 == 0 })
        guard n.count >= 128, n.count <= 2048 else {
            throw .invalidPublicKey("RSA modulus of \(n.count * 8) bits is outside 1024...16384")
        }
        guard !e.isEmpty, e.count <= 8 else { throw .invalidPublicKey("RSA exponent has \(e.count) bytes") }
        guard let pointer = custos_rsa_public_key(n, n.count, e, e.count) else {
            throw .invalidPublicKey("OpenSSL refused the RSA key: \(OpenSSLErrors.drain())")
        }
        try self.init(taking: pointer)
    }

    /// From a DER SubjectPublicKeyInfo.
    public init(derSubjectPublicKeyInfo der: some Collection<UInt8>) throws(CryptoError) {
        let bytes = Array(der)
        let pointer: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let pointer else {
            OpenSSLErrors.clear()
            throw .invalidPublicKey("not a DER SubjectPublicKeyInfo")
        }
        try self.init(taking: pointer)
    }

    /// From PEM text ("-----BEGIN PUBLIC KEY-----").
    public init(pem: String) throws(CryptoError) {
        try self.init(taking: try OpenSSLPublicKey.parsePEM(pem))
    }

    /// Every constructor ends here, so a PEM or DER key meets the same size bounds as a modulus given directly.
    private init(taking pointer: OpaquePointer) throws(CryptoError) {
        guard EVP_PKEY_is_a(pointer, "RSA") == 1 else {
            EVP_PKEY_free(pointer)
            throw .invalidPublicKey("key is not an RSA key")
        }
        let bits = Int(EVP_PKEY_get_bits(pointer))
        guard Self.bitCountRange.contains(bits) else {
            EVP_PKEY_free(pointer)
            throw .invalidPublicKey("RSA modulus of \(bits) bits is outside 1024...16384")
        }
        key = OpenSSLPublicKey(taking: pointer)
        bitCount = bits
    }

    /// Modulus sizes accepted: nothing weaker than 1024 bits, nothing larger than OpenSSL verifies.
    static let bitCountRange = 1024...16384

    /// Verifies RSASSA-PSS with SHA-256 and MGF1-SHA-256 over a 32-byte SHA-256 digest, with the given salt length.
    public func isValidPSSSignature(
        _ signature: some Collection<UInt8>, digest: some Collection<UInt8>, saltLength: Int = 32
    ) -> Bool {
        guard digest.count == 32, saltLength >= 0, saltLength <= 1024 else { return false }
        return signature.withContiguousBytes { signatureBytes in
            digest.withContiguousBytes { digestBytes in
                key.verify(signature: signatureBytes, digest: digestBytes) { context in
                    custos_configure_rsa_pss_sha256(context, Int32(saltLength)) == 1
                }
            }
        }
    }

    /// Verifies RSASSA-PSS with SHA-256 and MGF1-SHA-256 over a 32-byte SHA-256 digest, accepting any salt length
    /// (OpenSSL's `RSA_PSS_SALTLEN_AUTO` reads it from the encoded block). This is how securesystemslib verifies TUF
    /// `rsassa-pss-sha256` signatures, so producers that sign with the maximum salt length are accepted too.
    public func isValidPSSSignatureWithAnySaltLength(
        _ signature: some Collection<UInt8>, digest: some Collection<UInt8>
    ) -> Bool {
        guard digest.count == 32 else { return false }
        return signature.withContiguousBytes { signatureBytes in
            digest.withContiguousBytes { digestBytes in
                key.verify(signature: signatureBytes, digest: digestBytes) { context in
                    custos_configure_rsa_pss_sha256(context, RSA_PSS_SALTLEN_AUTO) == 1
                }
            }
        }
    }

    /// Verifies RSASSA-PSS-SHA256 over a whole message.
    public func isValidPSSSignature(
        _ signature: some Collection<UInt8>, message: some Collection<UInt8>, saltLength: Int = 32
    ) -> Bool {
        isValidPSSSignature(signature, digest: SHA256.hash(message), saltLength: saltLength)
    }
}

extension OpenSSLPublicKey {
    /// Reads one PEM "PUBLIC KEY" block; the caller owns the returned `EVP_PKEY`.
    static func parsePEM(_ pem: String) throws(CryptoError) -> OpaquePointer {
        var text = Array(pem.utf8)
        guard !text.isEmpty, text.count < 1 << 20 else { throw .invalidEncoding("PEM text is empty or too large") }
        let pointer: OpaquePointer? = text.withUnsafeMutableBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PUBKEY(bio, nil, nil, nil)
        }
        guard let pointer else {
            OpenSSLErrors.clear()
            throw .invalidEncoding("not a PEM public key")
        }
        return pointer
    }
}
