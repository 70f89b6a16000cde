public import CustosCrypto
public import Secp256k1

/// A secp256k1 public key as it appears in Bitcoin data: validated, and remembering its encoding (33-byte
/// compressed or 65-byte uncompressed), because scripts and PSBT keys commit to the exact bytes.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The SEC1 bytes exactly as given.
    public let bytes: [UInt8]
    /// The parsed point, ready for verification.
    public let key: Secp256k1PublicKey

    /// Parses and fully validates SEC1 bytes (33 bytes 02/03 or 65 bytes 04; the point must be on the curve).
    public init(bytes: some Collection<UInt8>) throws(CryptoError) {
        let input = Array(bytes)
        key = try Secp256k1PublicKey(bytes: input)
        self.bytes = input
    }

    /// A compressed key for an already parsed point.
    public init(compressed key: Secp256k1PublicKey) {
        self.key = key
        bytes = key.compressed
    }

    public var isCompressed: Bool { bytes.count == 33 }

    /// HASH160 of the encoded bytes (P2PKH / P2WPKH key hash).
    public var hash160: [UInt8] { Hash160.hash(bytes) }

    /// The BIP340 x-only form of the same point.
    public var xOnly: XOnlyPublicKey { key.xOnly }

    public var description: String { bytes.hexString }

    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.bytes == rhs.bytes }

    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
