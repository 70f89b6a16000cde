/// An error a `BoundedByteReader` can throw when its input ends early. Each format supplies its own error type, so
/// a Bitcoin structure, a firmware image and a protobuf message each report truncation in their own words.
public protocol ByteReadFailure: Error {
    /// The input ended inside `field` of `context` (the reader's label, empty when it has none): `needed` bytes
    /// were asked for and `available` remained.
    static func truncated(context: String, field: String, needed: Int, available: Int) -> Self
}

/// Reads fixed-width integers and byte runs from contiguous bytes, never past their end, without copying until
/// asked to. Used by every binary format Custos parses (Bitcoin and PSBT, firmware images, protobuf).
///
/// Every read checks the remaining length first and throws `Failure.truncated`, so a length field in the input can
/// never make a parser read, or allocate, more than the bytes actually present. The methods are inlinable so
/// parsers in other modules get code specialised for their error type, with no generic dispatch per byte.
public struct BoundedByteReader<Failure: ByteReadFailure>: Sendable {
    public let bytes: ArraySlice<UInt8>
    /// The index in `bytes` of the next byte to read.
    @inlinable public var position: Int { cursor }
    @usableFromInline var cursor: Int
    /// What is being read (for example "Trezor vendor header"), passed to `Failure.truncated`.
    public let context: String

    @inlinable
    public init(_ bytes: [UInt8], position: Int = 0, context: String = "") {
        self.init(slice: bytes[...], context: context)
        cursor = position
    }

    @inlinable
    public init(slice: ArraySlice<UInt8>, context: String = "") {
        bytes = slice
        cursor = slice.startIndex
        self.context = context
    }

    /// Bytes not yet read.
    @inlinable public var remainingCount: Int { bytes.endIndex - position }
    @inlinable public var isAtEnd: Bool { position >= bytes.endIndex }
    /// Bytes read so far.
    @inlinable public var consumedCount: Int { position - bytes.startIndex }

    /// Throws unless `count` more bytes are there.
    @inlinable
    public func require(_ count: Int, _ field: @autoclosure () -> String) throws(Failure) {
        guard count >= 0, count <= remainingCount else {
            throw Failure.truncated(context: context, field: field(), needed: count, available: max(remainingCount, 0))
        }
    }

    @inlinable
    public mutating func skip(_ count: Int, _ field: @autoclosure () -> String = "reserved bytes") throws(Failure) {
        try require(count, field())
        cursor += count
    }

    @inlinable
    public mutating func readUInt8(_ field: @autoclosure () -> String = "byte") throws(Failure) -> UInt8 {
        guard position < bytes.endIndex else {
            throw Failure.truncated(context: context, field: field(), needed: 1, available: 0)
        }
        defer { cursor += 1 }
        return bytes[position]
    }

    /// Little-endian.
    @inlinable
    public mutating func readUInt16(_ field: @autoclosure () -> String = "16-bit integer") throws(Failure) -> UInt16 {
        UInt16(truncatingIfNeeded: try readLittleEndian(count: 2, field()))
    }

    /// Little-endian.
    @inlinable
    public mutating func readUInt32(_ field: @autoclosure () -> String = "32-bit integer") throws(Failure) -> UInt32 {
        UInt32(truncatingIfNeeded: try readLittleEndian(count: 4, field()))
    }

    /// Big-endian (as BIP32 and some firmware headers write them).
    @inlinable
    public mutating func readUInt32BigEndian(
        _ field: @autoclosure () -> String = "32-bit integer"
    ) throws(Failure) -> UInt32 {
        UInt32(truncatingIfNeeded: try readLittleEndian(count: 4, field())).byteSwapped
    }

    /// Little-endian.
    @inlinable
    public mutating func readUInt64(_ field: @autoclosure () -> String = "64-bit integer") throws(Failure) -> UInt64 {
        try readLittleEndian(count: 8, field())
    }

    /// Little-endian, two's complement.
    @inlinable
    public mutating func readInt64(_ field: @autoclosure () -> String = "64-bit integer") throws(Failure) -> Int64 {
        Int64(bitPattern: try readUInt64(field()))
    }

    @inlinable
    mutating func readLittleEndian(count: Int, _ field: @autoclosure () -> String) throws(Failure) -> UInt64 {
        try require(count, field())
        var value: UInt64 = 0
        for offset in 0..<count {
            value |= UInt64(bytes[position &+ offset]) << (8 &* UInt64(offset))
        }
        cursor += count
        return value
    }

    /// The next `count` bytes, sharing the input's storage (no copy).
    @inlinable
    public mutating func readSlice(
        _ count: Int, _ field: @autoclosure () -> String = "bytes"
    ) throws(Failure) -> ArraySlice<UInt8> {
        try require(count, field())
        defer { cursor += count }
        return bytes[position..<position + count]
    }

    /// A copy of the next `count` bytes.
    @inlinable
    public mutating func readBytes(
        _ count: Int, _ field: @autoclosure () -> String = "bytes"
    ) throws(Failure) -> [UInt8] {
        Array(try readSlice(count, field()))
    }
}
