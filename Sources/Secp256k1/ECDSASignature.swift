internal import CSecp256k1
public import CustosCrypto

/// A secp256k1 ECDSA signature (r, s), decoded from strict DER or from 64-byte compact form.
public struct ECDSASignature: Sendable, Hashable {
    /// r ‖ s, 32 bytes each, big-endian.
    public let compact: [UInt8]

    /// Decodes a strict DER signature (libsecp256k1's parser: minimal lengths and integers, no trailing bytes). An
    /// r or s that is negative or not below the group order decodes as zero, which never verifies (and re-encodes
    /// differently: `der` is then not the input).
    public init(der: some Collection<UInt8>) throws(CryptoError) {
        let input = Array(der)
        let context = try Secp256k1Context.shared()
        var signature = secp256k1_ecdsa_signature()
        guard !input.isEmpty, secp256k1_ecdsa_signature_parse_der(context, &signature, input, input.count) == 1 else {
            throw .invalidSignatureEncoding("not a strict DER ECDSA signature")
        }
        self.init(librarySignature: signature, context: context)
    }

    /// Decodes the 64-byte compact form r ‖ s. r or s ≥ the group order is refused.
    public init(compact bytes: some Collection<UInt8>) throws(CryptoError) {
        let input = try requireLength(bytes, 64, "compact ECDSA signature")
        let context = try Secp256k1Context.shared()
        var signature = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_compact(context, &signature, input) == 1 else {
            throw .invalidSignatureEncoding("r or s is not below the group order")
        }
        self.init(librarySignature: signature, context: context)
    }

    init(librarySignature signature: secp256k1_ecdsa_signature, context: OpaquePointer) {
        var signature = signature
        var output = [UInt8](repeating: 0, count: 64)
        _ = secp256k1_ecdsa_signature_serialize_compact(context, &output, &signature)
        compact = output
    }

    func libraryForm(context: OpaquePointer) -> secp256k1_ecdsa_signature {
        var signature = secp256k1_ecdsa_signature()
        _ = secp256k1_ecdsa_signature_parse_compact(context, &signature, compact)
        return signature
    }

    /// Strict DER encoding (at most 72 bytes).
    public var der: [UInt8] {
        guard let context = Secp256k1Context.sharedIfAvailable else { return [] }
        var signature = libraryForm(context: context)
        var output = [UInt8](repeating: 0, count: 72)
        var length = 72
        _ = secp256k1_ecdsa_signature_serialize_der(context, &output, &length, &signature)
        return Array(output.prefix(length))
    }

    /// True when s ≤ n/2 (the form Bitcoin's standardness rules require).
    public var isLowS: Bool {
        guard let context = Secp256k1Context.sharedIfAvailable else { return false }
        var signature = libraryForm(context: context)
        return secp256k1_ecdsa_signature_normalize(context, nil, &signature) == 0
    }

    /// The same signature with s replaced by n − s when s is high.
    public var normalized: ECDSASignature {
        guard let context = Secp256k1Context.sharedIfAvailable else { return self }
        var signature = libraryForm(context: context)
        var output = secp256k1_ecdsa_signature()
        _ = secp256k1_ecdsa_signature_normalize(context, &output, &signature)
        return ECDSASignature(librarySignature: output, context: context)
    }
}
