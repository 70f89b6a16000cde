internal import CustosCrypto
internal import CustosSupport

/// Checks bytes against the length and hashes that trusted metadata lists for them.
package enum FileIntegrity {
    /// Hash algorithms Custos can compute; any other listed algorithm fails the check (it cannot be verified).
    package static let supportedAlgorithms: Set<String> = ["sha256", "sha512"]

    package static func verify(
        _ bytes: [UInt8], length: Int64?, hashes: [HashValue]?, file: String
    ) throws(TUFError) {
        if let length, Int64(bytes.count) != length {
            throw .lengthOrHashMismatch(file: file, reason: "length is \(bytes.count) bytes, expected \(length)")
        }
        for hash in hashes ?? [] {
            let computed: [UInt8]
            switch hash.algorithm {
            case "sha256": computed = SHA256.hash(bytes)
            case "sha512": computed = SHA512.hash(bytes)
            default:
                throw .lengthOrHashMismatch(file: file, reason: "unsupported hash algorithm \"\(hash.algorithm)\"")
            }
            // Hex digests compare as lowercase text, as python-tuf compares them.
            guard UTF8Bytes.equal(computed.hexString, hash.hexDigest) else {
                throw .lengthOrHashMismatch(
                    file: file, reason: "\(hash.algorithm) is \(computed.hexString), expected \(hash.hexDigest)")
            }
        }
    }
}
