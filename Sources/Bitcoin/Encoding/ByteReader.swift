/// Reads Bitcoin's little-endian wire formats from a byte array without copying until asked to.
///
/// Every read checks the remaining length first, so a length field can never make the reader allocate more than the
/// input can back: `readBytes(count)` refuses a count larger than what is left before creating anything.
public struct ByteReader: Sendable {
    /// Bitcoin Core's MAX_SIZE: no compact size above this is accepted in a serialized structure.
    public static let maximumSerializedSize = 0x0200_0000

    public let bytes: ArraySlice<UInt8>
    public private(set) var position: Int

    public init(_ bytes: [UInt8]) {
        self.init(slice: bytes[...])
    }

    public init(slice: ArraySlice<UInt8>) {
        bytes = slice
        position = slice.startIndex
    }

    /// Bytes not yet read.
    public var remainingCount: Int { bytes.endIndex - position }
    public var isAtEnd: Bool { position >= bytes.endIndex }
    /// Bytes read so far.
    public var consumedCount: Int { position - bytes.startIndex }

    public mutating func readUInt8(_ what: @autoclosure () -> String = "byte") throws(DecodingError) -> UInt8 {
        guard position < bytes.endIndex else { throw .truncated(what()) }
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func readUInt16(
        _ what: @autoclosure () -> String = "16-bit integer"
    ) throws(DecodingError)
        -> UInt16
    {
        UInt16(truncatingIfNeeded: try readLittleEndian(count: 2, what()))
    }

    public mutating func readUInt32(
        _ what: @autoclosure () -> String = "32-bit integer"
    ) throws(DecodingError)
        -> UInt32
    {
        UInt32(truncatingIfNeeded: try readLittleEndian(count: 4, what()))
    }

    public mutating func readUInt64(
        _ what: @autoclosure () -> String = "64-bit integer"
    ) throws(DecodingError)
        -> UInt64
    {
        try readLittleEndian(count: 8, what())
    }

    public mutating func readInt64(
        _ what: @autoclosure () -> String = "64-bit integer"
    ) throws(DecodingError)
        -> Int64
    {
        Int64(bitPattern: try readUInt64(what()))
    }

    private mutating func readLittleEndian(count: Int, _ what: String) throws(DecodingError) -> UInt64 {
        guard remainingCount >= count else { throw .truncated(what) }
        var value: UInt64 = 0
        for offset in 0..<count {
            value |= UInt64(bytes[position + offset]) << (8 * UInt64(offset))
        }
        position += count
        return value
    }

    /// A slice of the next `count` bytes (no copy).
    public mutating func readSlice(
        _ count: Int, _ what: @autoclosure () -> String = "bytes"
    ) throws(DecodingError)
        -> ArraySlice<UInt8>
    {
        guard count >= 0, remainingCount >= count else { throw .truncated(what()) }
        defer { position += count }
        return bytes[position..<position + count]
    }

    public mutating func readBytes(
        _ count: Int, _ what: @autoclosure () -> String = "bytes"
    ) throws(DecodingError)
        -> [UInt8]
    {
        Array(try readSlice(count, what()))
    }

    /// A compact-size integer (1, 3, 5 or 9 bytes), refusing non-minimal encodings as Bitcoin Core does.
    public mutating func readCompactSize(
        _ what: @autoclosure () -> String = "compact size"
    ) throws(DecodingError)
        -> UInt64
    {
        let label = what()
        let first = try readUInt8(label)
        switch first {
        case 0..<0xfd:
            return UInt64(first)
        case 0xfd:
            let value = UInt64(try readUInt16(label))
            guard value >= 0xfd else { throw .nonCanonicalCompactSize }
            return value
        case 0xfe:
            let value = UInt64(try readUInt32(label))
            guard value > 0xffff else { throw .nonCanonicalCompactSize }
            return value
        default:
            let value = try readUInt64(label)
            guard value > 0xffff_ffff else { throw .nonCanonicalCompactSize }
            return value
        }
    }

    /// A compact size used as a length or count: at most Bitcoin's MAX_SIZE and, with `minimumItemSize` bytes per
    /// item, no more items than the remaining input can hold.
    public mutating func readLength(
        _ what: @autoclosure () -> String, minimumItemSize: Int = 1
    ) throws(DecodingError) -> Int {
        let label = what()
        let value = try readCompactSize(label)
        guard value <= UInt64(Self.maximumSerializedSize) else { throw .sizeTooLarge(label) }
        let count = Int(value)
        guard count * max(minimumItemSize, 0) <= remainingCount else { throw .truncated(label) }
        return count
    }

    /// A compact-size length followed by that many bytes.
    public mutating func readVarSlice(_ what: @autoclosure () -> String) throws(DecodingError) -> ArraySlice<UInt8> {
        let label = what()
        let count = try readLength(label)
        return try readSlice(count, label)
    }

    public mutating func readVarBytes(_ what: @autoclosure () -> String) throws(DecodingError) -> [UInt8] {
        Array(try readVarSlice(what()))
    }

    /// Throws unless every byte has been read.
    public func requireEnd(_ what: @autoclosure () -> String) throws(DecodingError) {
        guard isAtEnd else { throw .trailingBytes(what()) }
    }
}
