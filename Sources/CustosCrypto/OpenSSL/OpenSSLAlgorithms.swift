internal import COpenSSL

/// An algorithm implementation fetched once from OpenSSL's default provider.
///
/// `@unchecked Sendable`: the wrapped `EVP_MD`/`EVP_MAC` is immutable after the fetch and OpenSSL documents fetched
/// algorithm objects as safe to use from many threads at once; this class only owns the reference.
final class FetchedAlgorithm: @unchecked Sendable {
    let pointer: OpaquePointer?
    let name: String
    private let release: (OpaquePointer) -> Void

    private init(pointer: OpaquePointer?, name: String, release: @escaping (OpaquePointer) -> Void) {
        self.pointer = pointer
        self.name = name
        self.release = release
    }

    static func digest(_ name: String) -> FetchedAlgorithm {
        FetchedAlgorithm(pointer: EVP_MD_fetch(nil, name, nil), name: name) { EVP_MD_free($0) }
    }

    static func mac(_ name: String) -> FetchedAlgorithm {
        FetchedAlgorithm(pointer: EVP_MAC_fetch(nil, name, nil), name: name) { EVP_MAC_free($0) }
    }

    deinit {
        if let pointer { release(pointer) }
    }
}

/// The algorithms Custos uses, fetched on first use.
enum OpenSSLAlgorithms {
    static let sha256 = FetchedAlgorithm.digest("SHA256")
    static let sha512 = FetchedAlgorithm.digest("SHA512")
    static let ripemd160 = FetchedAlgorithm.digest("RIPEMD160")
    static let blake2s256 = FetchedAlgorithm.digest("BLAKE2S-256")
    static let blake2sMAC = FetchedAlgorithm.mac("BLAKE2SMAC")

    /// Every algorithm, so a self-test can say which one the installed OpenSSL lacks.
    static var all: [FetchedAlgorithm] { [sha256, sha512, ripemd160, blake2s256, blake2sMAC] }
}
