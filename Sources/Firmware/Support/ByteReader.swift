/// Reads little- and big-endian fields from an image held in memory, never past its end.
///
/// Every read checks the remaining length first and throws `FirmwareFormatError.truncated`, so a length field in the
/// image can never make the parser read (or allocate) more than the bytes actually present.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let what: String

    init(_ bytes: [UInt8], offset: Int = 0, what: String) {
        self.bytes = bytes
        self.offset = offset
        self.what = what
    }

    var remaining: Int { bytes.count - offset }

    mutating func skip(_ count: Int) throws(FirmwareFormatError) {
        try require(count, field: "reserved bytes")
        offset += count
    }

    mutating func u8(_ field: String) throws(FirmwareFormatError) -> UInt8 {
        try require(1, field: field)
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16le(_ field: String) throws(FirmwareFormatError) -> UInt16 {
        try require(2, field: field)
        defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    mutating func u32le(_ field: String) throws(FirmwareFormatError) -> UInt32 {
        try require(4, field: field)
        defer { offset += 4 }
        return Self.u32le(bytes, at: offset)
    }

    mutating func u32be(_ field: String) throws(FirmwareFormatError) -> UInt32 {
        try require(4, field: field)
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    mutating func take(_ count: Int, _ field: String) throws(FirmwareFormatError) -> [UInt8] {
        try require(count, field: field)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    private func require(_ count: Int, field: String) throws(FirmwareFormatError) {
        guard count >= 0, count <= remaining else {
            throw .truncated(what: what, field: field, needed: count, available: max(remaining, 0))
        }
    }

    /// A little-endian u32 at `offset`; the caller has checked the bounds.
    static func u32le(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }
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
