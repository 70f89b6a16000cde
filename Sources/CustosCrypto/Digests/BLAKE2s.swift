/// BLAKE2s-256 (RFC 7693), unkeyed or keyed, computed by OpenSSL.
///
/// Trezor hashes T2T1/T2B1 firmware headers and chunks with unkeyed BLAKE2s, and answers `GetFirmwareHash` with
/// BLAKE2s keyed by the host's challenge.
public enum BLAKE2s {
    public static let digestByteCount = 32
    public static let maximumKeyByteCount = 32

    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        bytes.withContiguousBytes { DigestContext.oneShot(OpenSSLAlgorithms.blake2s256, $0) }
    }

    /// Keyed BLAKE2s-256. An empty key gives the unkeyed hash; a key longer than 32 bytes is refused.
    public static func hash(_ bytes: some Collection<UInt8>, key: some Collection<UInt8>) throws(CryptoError) -> [UInt8]
    {
        var hasher = try Hasher(key: key)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Incremental BLAKE2s-256, optionally keyed.
    public struct Hasher {
        // Exactly one of the two is set: OpenSSL serves unkeyed BLAKE2s as a digest and keyed BLAKE2s as a MAC.
        private var digest: DigestContext?
        private var mac: MACContext?

        /// Unkeyed hasher.
        public init() {
            digest = DigestContext(algorithm: OpenSSLAlgorithms.blake2s256)
        }

        /// Keyed hasher; 0 to 32 key bytes (0 means unkeyed).
        public init(key: some Collection<UInt8>) throws(CryptoError) {
            guard key.count <= BLAKE2s.maximumKeyByteCount else {
                throw .invalidLength(what: "BLAKE2s key", expected: "0...32", actual: key.count)
            }
            if key.isEmpty {
                digest = DigestContext(algorithm: OpenSSLAlgorithms.blake2s256)
            } else {
                mac = key.withContiguousBytes { MACContext(blake2sKey: $0) }
            }
        }

        public mutating func update(_ bytes: some Collection<UInt8>) {
            if digest != nil {
                if !isKnownUniquelyReferenced(&digest) { digest = digest?.copy() }
                bytes.withContiguousBytes { digest?.update($0) }
            } else {
                if !isKnownUniquelyReferenced(&mac) { mac = mac?.copy() }
                bytes.withContiguousBytes { mac?.update($0) }
            }
        }

        /// Returns the digest of everything passed to `update`; the hasher can keep going from the same state.
        public func finalize() -> [UInt8] {
            if let digest { return digest.copy().finalize() }
            if let mac { return mac.copy().finalize() }
            return []
        }
    }
}
