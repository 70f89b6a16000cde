internal import COpenSSL

/// HMAC-SHA512 (RFC 2104), as BIP32 uses for key derivation; computed by OpenSSL.
public enum HMACSHA512 {
    public static let byteCount = 64

    public static func authenticationCode(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        key.withContiguousBytes { keyBytes in
            message.withContiguousBytes { messageBytes in
                var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
                var length: UInt32 = 0
                // HMAC wants a non-null key pointer even for an empty key.
                var empty: UInt8 = 0
                let done = withUnsafePointer(to: &empty) { emptyPointer in
                    HMAC(
                        OpenSSLAlgorithms.sha512.pointer, keyBytes.baseAddress ?? UnsafeRawPointer(emptyPointer),
                        Int32(clamping: keyBytes.count), messageBytes.unsignedCharPointer, messageBytes.count,
                        &output, &length)
                }
                guard done != nil, keyBytes.count <= Int(Int32.max) else {
                    unrecoverableBackendFailure("compute HMAC-SHA512")
                }
                output.removeSubrange(Int(length)...)
                return output
            }
        }
    }
}
