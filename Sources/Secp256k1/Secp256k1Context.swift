internal import CSecp256k1
internal import CustosCrypto

/// The process-wide libsecp256k1 context.
///
/// `@unchecked Sendable`: libsecp256k1 documents that a context may be used from several threads at once by every
/// function that takes it as `const`; the only mutating call (randomization) happens here, before the context is
/// published. The illegal-argument callback is replaced so a bad argument makes the call return 0 instead of
/// aborting the process.
final class Secp256k1Context: @unchecked Sendable {
    let pointer: OpaquePointer

    private init?() {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else { return nil }
        secp256k1_context_set_illegal_callback(context, { _, _ in }, nil)
        // Blinding for signing (side-channel protection); a failure to get randomness leaves it unblinded.
        if let seed = try? SecureRandom.bytes(count: 32) {
            _ = secp256k1_context_randomize(context, seed)
        }
        pointer = context
    }

    deinit {
        secp256k1_context_destroy(pointer)
    }

    private static let sharedInstance = Secp256k1Context()

    /// The shared context; fails only if libsecp256k1 cannot allocate one.
    static func shared() throws(CryptoError) -> OpaquePointer {
        guard let instance = sharedInstance else { throw .backendFailure("secp256k1_context_create failed") }
        return instance.pointer
    }

    /// The shared context for functions that answer with a Bool (a missing context verifies nothing).
    static var sharedIfAvailable: OpaquePointer? { sharedInstance?.pointer }
}
