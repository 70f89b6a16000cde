internal import COpenSSL

/// Comparisons whose running time does not depend on where two secrets differ.
public enum ConstantTime {
    /// True when both byte strings are equal. The lengths are not secret: different lengths return false at once.
    public static func equal(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.isEmpty { return true }
        return lhs.withContiguousBytes { left in
            rhs.withContiguousBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }
}
