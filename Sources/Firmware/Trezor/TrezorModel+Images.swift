internal import CustosCrypto

extension TrezorModel {
    /// The model an image's 4-byte `hw_model` names; all zero is the original Model T (T2T1) header format.
    init?(hardwareCode: [UInt8]) {
        if hardwareCode.allSatisfy({ $0 == 0 }) {
            self = .t2t1
            return
        }
        guard let text = hardwareCode.nulPaddedText, let model = TrezorModel(rawValue: text) else { return nil }
        self = model
    }

    /// The hash of vendor headers, firmware headers and code chunks (firmware-formats.md §3.5).
    var imageHash: TrezorImageHash {
        switch self {
        case .t2t1, .t2b1: return .blake2s
        case .t1b1, .t3b1, .t3t1, .t3t2, .t3w1: return .sha256
        }
    }

    /// Size of the code chunks whose hashes a core firmware header lists.
    var codeChunkByteCount: Int {
        switch self {
        case .t1b1: return 64 * 1024
        case .t3w1: return 256 * 1024
        case .t2t1, .t2b1, .t3b1, .t3t1, .t3t2: return 128 * 1024
        }
    }
}

/// BLAKE2s-256 (T2T1, T2B1) or SHA-256 (Trezor One and the Safe models).
enum TrezorImageHash: String, Sendable {
    case sha256 = "SHA-256"
    case blake2s = "BLAKE2s-256"

    func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        switch self {
        case .sha256: return SHA256.hash(bytes)
        case .blake2s: return BLAKE2s.hash(bytes)
        }
    }
}
