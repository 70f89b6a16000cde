internal import CustosCrypto

/// A transaction id (or wtxid): 32 bytes in internal (little-endian) order, shown reversed as Bitcoin does.
public struct TransactionID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Internal byte order, as serialized in outpoints.
    public let bytes: [UInt8]

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        self.bytes = Array(bytes)
    }

    /// Parses the usual display form (64 hex digits, byte-reversed).
    public init?(hex: String) {
        guard let decoded = [UInt8](hex: hex), decoded.count == 32 else { return nil }
        bytes = decoded.reversed()
    }

    init(validatedBytes: [UInt8]) {
        bytes = validatedBytes
    }

    public static let zero = TransactionID(validatedBytes: [UInt8](repeating: 0, count: 32))

    /// Display form: hex of the reversed bytes.
    public var description: String { bytes.reversed().hexString }

    public static func < (lhs: TransactionID, rhs: TransactionID) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
