public import CustosSupport

/// Reads little- and big-endian fields from an image held in memory, never past its end: the shared bounded reader,
/// whose context names the part of the image being read ("Trezor vendor header").
///
/// A length field in the image can never make the parser read (or allocate) more than the bytes actually present:
/// every read is checked and throws `FirmwareFormatError.truncated`.
typealias ImageReader = BoundedByteReader<FirmwareFormatError>

extension FirmwareFormatError: ByteReadFailure {
    public static func truncated(context: String, field: String, needed: Int, available: Int) -> FirmwareFormatError {
        .truncated(what: context, field: field, needed: needed, available: available)
    }
}

/// A little-endian u32 at `offset`; the caller has checked the bounds.
func littleEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
        | UInt32(bytes[offset + 3]) << 24
}

extension Array where Element == UInt8 {
    /// A copy with `range` overwritten by zero bytes (how signed headers are hashed without their signatures).
    func zeroing(_ range: Range<Int>) -> [UInt8] {
        var copy = self
        for index in range where index < copy.count { copy[index] = 0 }
        return copy
    }

    /// The text of a NUL-padded ASCII field, or nil when it holds bytes outside printable ASCII.
    var nulPaddedText: String? {
        let text = prefix { $0 != 0 }
        guard text.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else { return nil }
        return String(decoding: text, as: UTF8.self)
    }
}
