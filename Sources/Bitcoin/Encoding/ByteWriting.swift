/// Appending Bitcoin's wire formats (little-endian unless named otherwise) to a byte array.
extension Array where Element == UInt8 {
    public mutating func appendUInt16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    public mutating func appendUInt32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) {
            append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    /// Big-endian, as BIP32 writes version bytes, child numbers and fingerprints.
    public mutating func appendUInt32BigEndian(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) {
            append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    public mutating func appendUInt64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    public mutating func appendInt64(_ value: Int64) {
        appendUInt64(UInt64(bitPattern: value))
    }

    /// The minimal compact-size encoding of `value`.
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

    public mutating func appendCompactSize(_ value: Int) {
        appendCompactSize(UInt64(value))
    }

    /// A compact-size length followed by the bytes.
    public mutating func appendVarBytes(_ bytes: some Collection<UInt8>) {
        appendCompactSize(bytes.count)
        append(contentsOf: bytes)
    }
}

/// Sizes of Bitcoin's compact-size integers, for computing serialized lengths without serializing.
public enum CompactSize {
    public static func encodedCount(_ value: Int) -> Int {
        switch value {
        case ..<0xfd: return 1
        case 0xfd...0xffff: return 3
        case 0x1_0000...0xffff_ffff: return 5
        default: return 9
        }
    }
}
