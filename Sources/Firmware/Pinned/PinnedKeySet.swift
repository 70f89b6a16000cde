internal import CustosCrypto

/// Whether a key's private half is held only by the vendor's release process, or is public / development-only.
public enum KeyRole: String, Sendable, Codable {
    case production
    case development
}

/// The signature scheme a pinned key belongs to.
public enum KeyAlgorithm: String, Sendable, Codable {
    case ed25519
    case secp256k1
    case p256
    case rsa3072
}

/// One vendor key set: the keys a verifier accepts for one signing role, and how many must sign.
public struct PinnedKeySet: Sendable, Equatable {
    public let vendor: FirmwareVendor
    /// Identifies the set, e.g. "T3T1.bootloader", "key1", "2024-multi".
    public let name: String
    public let role: KeyRole
    public let algorithm: KeyAlgorithm
    public let threshold: Int
    /// Coldcard's key number (the image names its key by index).
    public let index: Int?
    /// RSA public exponent; the keys are then big-endian moduli.
    public let exponent: Int?
    /// Public keys as hex: Ed25519 32 bytes, secp256k1 SEC1 or raw x ‖ y, P-256 raw x ‖ y, RSA modulus.
    public let keysHex: [String]
    /// Where the keys were copied from.
    public let source: String

    public init(
        vendor: FirmwareVendor, name: String, role: KeyRole, algorithm: KeyAlgorithm, threshold: Int,
        index: Int? = nil, exponent: Int? = nil, keysHex: [String], source: String
    ) {
        self.vendor = vendor
        self.name = name
        self.role = role
        self.algorithm = algorithm
        self.threshold = threshold
        self.index = index
        self.exponent = exponent
        self.keysHex = keysHex
        self.source = source
    }

    /// The key bytes (a malformed hex entry, which the tests rule out for the embedded sets, decodes to empty).
    public var keys: [[UInt8]] { keysHex.map { [UInt8](hex: $0) ?? [] } }
}

/// A prod-signed Trezor vendor header known by its exact bytes: an official one, or a named look-alike.
public struct PinnedTrezorVendorHeader: Sendable, Equatable {
    public let model: String
    public let file: String
    public let vendor: String
    public let official: Bool
    public let sha256Hex: String
}
