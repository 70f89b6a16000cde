internal import COpenSSL

/// Owns an `EVP_MD_CTX` for incremental hashing; copied on write by the hashers that hold it.
final class DigestContext {
    private let context: OpaquePointer

    init(algorithm: FetchedAlgorithm) {
        guard let context = EVP_MD_CTX_new() else { unrecoverableBackendFailure("allocate a digest context") }
        self.context = context
        guard let md = algorithm.pointer, EVP_DigestInit_ex2(context, md, nil) == 1 else {
            EVP_MD_CTX_free(context)
            unrecoverableBackendFailure("initialise \(algorithm.name)")
        }
    }

    private init(copying other: DigestContext) {
        guard let context = EVP_MD_CTX_new() else { unrecoverableBackendFailure("allocate a digest context") }
        guard EVP_MD_CTX_copy_ex(context, other.context) == 1 else {
            EVP_MD_CTX_free(context)
            unrecoverableBackendFailure("copy a digest context")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    func copy() -> DigestContext {
        DigestContext(copying: self)
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        guard EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1 else {
            unrecoverableBackendFailure("update a digest")
        }
    }

    func finalize() -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &output, &length) == 1 else { unrecoverableBackendFailure("finish a digest") }
        output.removeSubrange(Int(length)...)
        return output
    }

    /// One call for a whole message; avoids keeping a context around for the common case.
    static func oneShot(_ algorithm: FetchedAlgorithm, _ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard let md = algorithm.pointer,
            EVP_Digest(bytes.baseAddress, bytes.count, &output, &length, md, nil) == 1
        else { unrecoverableBackendFailure("compute \(algorithm.name)") }
        output.removeSubrange(Int(length)...)
        return output
    }
}
