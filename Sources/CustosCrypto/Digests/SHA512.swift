/// SHA-512 (FIPS 180-4), computed by OpenSSL.
public enum SHA512 {
    public static let digestByteCount = 64

    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        bytes.withContiguousBytes { DigestContext.oneShot(OpenSSLAlgorithms.sha512, $0) }
    }
}
