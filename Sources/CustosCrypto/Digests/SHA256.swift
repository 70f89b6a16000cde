/// SHA-256 (FIPS 180-4), computed by OpenSSL.
public enum SHA256 {
    public static let digestByteCount = 32

    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        bytes.withContiguousBytes { DigestContext.oneShot(OpenSSLAlgorithms.sha256, $0) }
    }

    /// SHA-256 of SHA-256, as Bitcoin uses for txids, checksums and Coldcard's firmware digest.
    public static func doubleHash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        hash(hash(bytes))
    }

    /// BIP340 tagged hash: SHA-256(SHA-256(tag) ‖ SHA-256(tag) ‖ data).
    public static func taggedHash(tag: String, _ bytes: some Collection<UInt8>) -> [UInt8] {
        var hasher = TaggedHasher(tag: tag)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Incremental SHA-256 for data that arrives in pieces (a firmware image read in blocks).
    public struct Hasher {
        private var context: DigestContext

        public init() {
            context = DigestContext(algorithm: OpenSSLAlgorithms.sha256)
        }

        public mutating func update(_ bytes: some Collection<UInt8>) {
            if !isKnownUniquelyReferenced(&context) { context = context.copy() }
            bytes.withContiguousBytes { context.update($0) }
        }

        /// Returns the digest of everything passed to `update`; the hasher can keep going from the same state.
        public func finalize() -> [UInt8] {
            context.copy().finalize()
        }
    }

    /// A SHA-256 hasher pre-loaded with a BIP340 tag, so repeated tagged hashes (sighashes, leaves) skip the prefix.
    public struct TaggedHasher {
        private var hasher: Hasher

        public init(tag: String) {
            let tagHash = SHA256.hash(Array(tag.utf8))
            hasher = Hasher()
            hasher.update(tagHash)
            hasher.update(tagHash)
        }

        public mutating func update(_ bytes: some Collection<UInt8>) {
            hasher.update(bytes)
        }

        public func finalize() -> [UInt8] {
            hasher.finalize()
        }
    }
}
