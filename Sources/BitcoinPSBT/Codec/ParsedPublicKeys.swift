internal import CustosCrypto
public import Secp256k1

/// Public keys parsed and checked on the curve, by their SEC1 bytes.
public struct ParsedPublicKeys: Sendable {
    private var keys: [KeyBytes: Secp256k1PublicKey] = [:]

    public init() {}

    public var count: Int { keys.count }

    public func key(for bytes: some Collection<UInt8>) -> Secp256k1PublicKey? {
        keys[KeyBytes(Array(bytes)[...])]
    }

    func contains(_ bytes: ArraySlice<UInt8>) -> Bool { keys[KeyBytes(bytes)] != nil }

    mutating func insert(_ key: Secp256k1PublicKey, for bytes: ArraySlice<UInt8>) {
        keys[KeyBytes(bytes)] = key
    }

    /// Key bytes hashed as one block (hashing a slice element by element is several times slower).
    private struct KeyBytes: Hashable, Sendable {
        let bytes: ArraySlice<UInt8>

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
        }

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }

        static func == (lhs: KeyBytes, rhs: KeyBytes) -> Bool { lhs.bytes == rhs.bytes }
    }
}
