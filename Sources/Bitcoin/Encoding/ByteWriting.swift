/// Appending Bitcoin's wire formats (little-endian unless named otherwise) to a byte array.
extension Array where Element == UInt8 {
    @inlinable
    public mutating func appendUInt16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    @inlinable
    public mutating func appendUInt32(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    /// Big-endian, as BIP32 writes version bytes, child numbers and fingerprints.
    @inlinable
    public mutating func appendUInt32BigEndian(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    @inlinable
    public mutating func appendUInt64(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    @inlinable
    public mutating func appendInt64(_ value: Int64) {
        appendUInt64(UInt64(bitPattern: value))
    }

    /// The minimal compact-size encoding of `value`.
    @inlinable
    public mutating func appendCompactSize(_ value: UInt64) {
        switch value {
        case 0..<0xfd:
            append(UInt8(value))
        case 0xfd...0xffff:
            append(0xfd)
            appendUInt16(UInt16(value))
        case 0x1_0000...0xffff_ffff:
            append(0xfe)
            appendUInt32(UInt32(value))
        default:
            append(0xff)
            appendUInt64(value)
        }
    }

    @inlinable
    public mutating func appendCompactSize(_ value: Int) {
        appendCompactSize(UInt64(value))
    }

    /// A compact-size length followed by the bytes.
    @inlinable
    public mutating func appendVarBytes(_ bytes: some Collection<UInt8>) {
        appendCompactSize(bytes.count)
        append(contentsOf: bytes)
    }
}

/// Sizes of Bitcoin's compact-size integers, for computing serialized lengths without serializing.
public enum CompactSize {
    @inlinable
    public static func encodedCount(_ value: Int) -> Int {
        switch value {
        case ..<0xfd: return 1
        case 0xfd...0xffff: return 3
        case 0x1_0000...0xffff_ffff: return 5
        default: return 9
        }
    }
}
