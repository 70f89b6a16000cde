/// RIPEMD-160, computed by OpenSSL (default provider since OpenSSL 3.0.7).
public enum RIPEMD160 {
    public static let digestByteCount = 20

    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        bytes.withContiguousBytes { DigestContext.oneShot(OpenSSLAlgorithms.ripemd160, $0) }
    }
}

/// Bitcoin's HASH160: RIPEMD-160 of SHA-256, used for P2PKH/P2WPKH key hashes and BIP32 fingerprints.
public enum Hash160 {
    public static let digestByteCount = 20

    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        RIPEMD160.hash(SHA256.hash(bytes))
    }
}
