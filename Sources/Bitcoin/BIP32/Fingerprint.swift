internal import CustosCrypto

/// A BIP32 key fingerprint: the first four bytes of HASH160 of a public key, written as 8 hex digits.
public struct Fingerprint: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The four bytes read big-endian, so that `description` prints them in order.
    public let value: UInt32

    public init(value: UInt32) {
        self.value = value
    }

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        value = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Parses 8 hex digits (either case).
    public init?(hex: String) {
        guard hex.utf8.count == 8, let bytes = [UInt8](hex: hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// The fingerprint of a public key.
    public init(publicKey: PublicKey) {
        value = Hash160.hash(publicKey.key.compressed).prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4)
        bytes.appendUInt32BigEndian(value)
        return bytes
    }

    public var description: String { bytes.hexString }

    public static func < (lhs: Fingerprint, rhs: Fingerprint) -> Bool { lhs.value < rhs.value }
}
