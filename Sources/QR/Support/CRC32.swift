internal import CZlib

/// CRC-32 as zlib and PNG compute it (reflected 0xEDB88320), the checksum of Bytewords, UR parts and PNG chunks.
public enum CRC32 {
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        update(0, bytes)
    }

    /// Continues a running CRC (0 to start) over more bytes.
    public static func update(_ crc: UInt32, _ bytes: [UInt8]) -> UInt32 {
        var value = UInt(crc)
        var offset = 0
        // zlib takes a 32-bit length; feed very large inputs in slices.
        while offset < bytes.count {
            let length = min(bytes.count - offset, 1 << 30)
            value = bytes.withUnsafeBufferPointer { buffer in
                crc32(value, buffer.baseAddress.map { $0 + offset }, uInt(length))
            }
            offset += length
        }
        return UInt32(truncatingIfNeeded: value)
    }

    /// The four big-endian bytes of a checksum (always four: SeedSigner#964 wrote three for small values).
    public static func bigEndianBytes(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }
}
