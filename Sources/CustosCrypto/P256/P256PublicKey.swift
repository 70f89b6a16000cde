internal import COpenSSL

/// A NIST P-256 (secp256r1) public key for ECDSA verification with OpenSSL (BitBox02 firmware, TUF ecdsa keys).
public struct P256PublicKey: Sendable, CustomStringConvertible {
    /// SEC1 uncompressed form (65 bytes, 04 ‖ x ‖ y) as given or as expanded from the input.
    public let x962: [UInt8]
    private let key: OpenSSLPublicKey

    /// Accepts SEC1 uncompressed (65 bytes), SEC1 compressed (33 bytes) or raw x ‖ y (64 bytes, BitBox02's form).
    /// A point not on the curve is refused.
    public init(bytes input: some Collection<UInt8>) throws(CryptoError) {
        var encoded = Array(input)
        switch (encoded.count, encoded.first) {
        case (64, _): encoded = [0x04] + encoded
        case (65, 0x04), (33, 0x02), (33, 0x03): break
        default:
            throw .invalidPublicKey("P-256 key must be 33, 64 or 65 bytes in SEC1 form, got \(encoded.count)")
        }
        guard let pointer = custos_ec_public_key_from_point("prime256v1", encoded, encoded.count) else {
            OpenSSLErrors.clear()
            throw .invalidPublicKey("not a point on P-256")
        }
        key = OpenSSLPublicKey(taking: pointer)
        var uncompressed = [UInt8](repeating: 0, count: 65)
        var length = 0
        guard
            EVP_PKEY_get_octet_string_param(pointer, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, &uncompressed, 65, &length)
                == 1
        else { throw .backendFailure("cannot encode the P-256 key: \(OpenSSLErrors.drain())") }
        x962 = Array(uncompressed.prefix(length))
    }

    /// Parses a DER SubjectPublicKeyInfo or PEM "PUBLIC KEY" holding a P-256 key (TUF `ecdsa` keys).
    public init(pem: String) throws(CryptoError) {
        let pointer = try OpenSSLPublicKey.parsePEM(pem)
        guard EVP_PKEY_is_a(pointer, "EC") == 1 else {
            EVP_PKEY_free(pointer)
            throw .invalidPublicKey("PEM key is not an elliptic-curve key")
        }
        var groupName = [CChar](repeating: 0, count: 64)
        var nameLength = 0
        let nameRead = EVP_PKEY_get_utf8_string_param(
            pointer, OSSL_PKEY_PARAM_GROUP_NAME, &groupName, groupName.count, &nameLength)
        let name = String(decoding: groupName.prefix(nameLength).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var uncompressed = [UInt8](repeating: 0, count: 65)
        var length = 0
        let pointRead = EVP_PKEY_get_octet_string_param(
            pointer, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, &uncompressed, 65, &length)
        EVP_PKEY_free(pointer)
        guard nameRead == 1, name == "prime256v1" || name == "P-256" else {
            OpenSSLErrors.clear()
            throw .invalidPublicKey("PEM key is on curve \(name.isEmpty ? "unknown" : name), not P-256")
        }
        guard pointRead == 1 else { throw .invalidPublicKey("cannot read the PEM key's point") }
        try self.init(bytes: uncompressed.prefix(length))
    }

    /// Verifies an ECDSA signature over a digest (normally SHA-256 of the message). `signature` is r ‖ s (64 bytes,
    /// IEEE P1363) or DER; the form is given by `encoding`.
    public func isValidSignature(
        _ signature: some Collection<UInt8>, digest: some Collection<UInt8>, encoding: ECDSASignatureEncoding = .p1363
    ) -> Bool {
        let der: [UInt8]
        switch encoding {
        case .der:
            der = Array(signature)
        case .p1363:
            guard signature.count == 64, let converted = Self.derFromP1363(Array(signature)) else { return false }
            der = converted
        }
        return der.withUnsafeBytes { signatureBytes in
            digest.withContiguousBytes { digestBytes in
                key.verify(signature: signatureBytes, digest: digestBytes)
            }
        }
    }

    /// Verifies an ECDSA-SHA256 signature over a whole message.
    public func isValidSignature(
        _ signature: some Collection<UInt8>, message: some Collection<UInt8>, encoding: ECDSASignatureEncoding = .p1363
    ) -> Bool {
        isValidSignature(signature, digest: SHA256.hash(message), encoding: encoding)
    }

    private static func derFromP1363(_ signature: [UInt8]) -> [UInt8]? {
        guard let ecdsa = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(ecdsa) }
        let r = BN_bin2bn(signature, 32, nil)
        let s = signature.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress.map { $0 + 32 }, 32, nil) }
        guard let r, let s else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        guard ECDSA_SIG_set0(ecdsa, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        var output: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_ECDSA_SIG(ecdsa, &output)
        guard length > 0, let output else { return nil }
        defer { CRYPTO_free(output, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: output, count: Int(length)))
    }

    public var description: String { x962.hexString }
}

/// How ECDSA signature bytes are laid out.
public enum ECDSASignatureEncoding: Sendable {
    /// r ‖ s, fixed width (IEEE P1363; BitBox02, JWS).
    case p1363
    /// ASN.1 DER SEQUENCE { r INTEGER, s INTEGER } (TUF, X.509).
    case der
}
