internal import COpenSSL

/// Random bytes from OpenSSL's CSPRNG (seeded from the operating system).
public enum SecureRandom {
    /// `count` random bytes, e.g. a fresh 32-byte challenge for a device's firmware-hash answer.
    public static func bytes(count: Int) throws(CryptoError) -> [UInt8] {
        guard count >= 0, count <= Int(Int32.max) else {
            throw .invalidLength(what: "random byte count", expected: "0...\(Int32.max)", actual: count)
        }
        var output = [UInt8](repeating: 0, count: count)
        if count == 0 { return output }
        let status = output.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard status == 1 else { throw .backendFailure("RAND_bytes failed: \(OpenSSLErrors.drain())") }
        return output
    }
}
