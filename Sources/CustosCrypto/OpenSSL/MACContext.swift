internal import COpenSSL

/// Owns an `EVP_MAC_CTX` (keyed BLAKE2s) for incremental use; copied on write by the hasher that holds it.
final class MACContext {
    private let context: OpaquePointer

    /// A keyed BLAKE2s-256 context. The key is 1...32 bytes (checked by the caller).
    init(blake2sKey key: UnsafeRawBufferPointer) {
        guard let mac = OpenSSLAlgorithms.blake2sMAC.pointer,
            let context = custos_blake2s_mac_context(mac, key.unsignedCharPointer, key.count)
        else { unrecoverableBackendFailure("initialise keyed BLAKE2s") }
        self.context = context
    }

    private init(copying other: MACContext) {
        guard let context = EVP_MAC_CTX_dup(other.context) else { unrecoverableBackendFailure("copy a MAC context") }
        self.context = context
    }

    deinit {
        EVP_MAC_CTX_free(context)
    }

    func copy() -> MACContext {
        MACContext(copying: self)
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        guard EVP_MAC_update(context, bytes.unsignedCharPointer, bytes.count) == 1 else {
            unrecoverableBackendFailure("update a MAC")
        }
    }

    func finalize() -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 64)
        var length = 0
        guard EVP_MAC_final(context, &output, &length, output.count) == 1 else {
            unrecoverableBackendFailure("finish a MAC")
        }
        output.removeSubrange(length...)
        return output
    }
}
