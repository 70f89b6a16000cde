/// The BIP 380 output-descriptor checksum (`desc#xxxxxxxx`). Not a cryptographic primitive: an error-detecting
/// code over the descriptor's characters, like bech32's.
enum DescriptorChecksum {
    private static let inputCharset = Array(
        "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ".utf8)
    private static let checksumCharset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generators: [UInt64] = [0xf5dee51989, 0xa9fdca3312, 0x1bab10e32d, 0x3706b1677a, 0x644d626ffd]

    /// True if `descriptor` ends in `#` and eight checksum characters that match the text before them.
    static func isValid(_ descriptor: String) -> Bool {
        let bytes = Array(descriptor.utf8)
        guard bytes.count > 9, bytes.count <= 10_000, bytes[bytes.count - 9] == UInt8(ascii: "#") else { return false }
        var symbols: [UInt64] = []
        var groups: [UInt64] = []
        for byte in bytes[..<(bytes.count - 9)] {
            guard let position = inputCharset.firstIndex(of: byte) else { return false }
            symbols.append(UInt64(position & 31))
            groups.append(UInt64(position >> 5))
            if groups.count == 3 {
                symbols.append(groups[0] * 9 + groups[1] * 3 + groups[2])
                groups.removeAll()
            }
        }
        if groups.count == 1 { symbols.append(groups[0]) }
        if groups.count == 2 { symbols.append(groups[0] * 3 + groups[1]) }
        for byte in bytes[(bytes.count - 8)...] {
            guard let position = checksumCharset.firstIndex(of: byte) else { return false }
            symbols.append(UInt64(position))
        }
        return polymod(symbols) == 1
    }

    private static func polymod(_ symbols: [UInt64]) -> UInt64 {
        var checksum: UInt64 = 1
        for value in symbols {
            let top = checksum >> 35
            checksum = (checksum & 0x7_ffff_ffff) << 5 ^ value
            for index in 0..<5 where (top >> UInt64(index)) & 1 == 1 {
                checksum ^= generators[index]
            }
        }
        return checksum
    }
}
