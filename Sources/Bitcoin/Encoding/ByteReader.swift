public import CustosSupport

/// Reads Bitcoin's little-endian wire formats: the shared bounded reader, throwing `DecodingError`, with Bitcoin's
/// compact sizes and length-prefixed byte strings.
///
/// Every read checks the remaining length first, so a length field can never make the reader allocate more than the
/// input can back: `readBytes(count)` refuses a count larger than what is left before creating anything.
public typealias ByteReader = BoundedByteReader<DecodingError>

extension DecodingError: ByteReadFailure {
    @inlinable
    public static func truncated(context: String, field: String, needed: Int, available: Int) -> DecodingError {
        .truncated(field)
    }
}

extension BoundedByteReader where Failure == DecodingError {
    /// Bitcoin Core's MAX_SIZE: no compact size above this is accepted in a serialized structure.
    public static var maximumSerializedSize: Int { 0x0200_0000 }

    /// A compact-size integer (1, 3, 5 or 9 bytes), refusing non-minimal encodings as Bitcoin Core does.
    @inlinable
    public mutating func readCompactSize(
        _ what: @autoclosure () -> String = "compact size"
    ) throws(DecodingError) -> UInt64 {
        let first = try readUInt8(what())
        switch first {
        case 0..<0xfd:
            return UInt64(first)
        case 0xfd:
            let value = UInt64(try readUInt16(what()))
            guard value >= 0xfd else { throw .nonCanonicalCompactSize }
            return value
        case 0xfe:
            let value = UInt64(try readUInt32(what()))
            guard value > 0xffff else { throw .nonCanonicalCompactSize }
            return value
        default:
            let value = try readUInt64(what())
            guard value > 0xffff_ffff else { throw .nonCanonicalCompactSize }
            return value
        }
    }

    /// A compact size used as a length or count: at most Bitcoin's MAX_SIZE and, with `minimumItemSize` bytes per
    /// item, no more items than the remaining input can hold.
    @inlinable
    public mutating func readLength(
        _ what: @autoclosure () -> String, minimumItemSize: Int = 1
    ) throws(DecodingError) -> Int {
        let value = try readCompactSize(what())
        guard value <= UInt64(Self.maximumSerializedSize) else { throw .sizeTooLarge(what()) }
        let count = Int(value)
        guard count * max(minimumItemSize, 0) <= remainingCount else { throw .truncated(what()) }
        return count
    }

    /// A compact-size length followed by that many bytes (no copy).
    @inlinable
    public mutating func readVarSlice(_ what: @autoclosure () -> String) throws(DecodingError) -> ArraySlice<UInt8> {
        let count = try readLength(what())
        return try readSlice(count, what())
    }

    @inlinable
    public mutating func readVarBytes(_ what: @autoclosure () -> String) throws(DecodingError) -> [UInt8] {
        Array(try readVarSlice(what()))
    }

    /// Throws unless every byte has been read.
    @inlinable
    public func requireEnd(_ what: @autoclosure () -> String) throws(DecodingError) {
        guard isAtEnd else { throw .trailingBytes(what()) }
    }
}
