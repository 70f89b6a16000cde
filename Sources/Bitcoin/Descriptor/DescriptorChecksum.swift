/// BIP380 descriptor checksums: 8 characters computed over the descriptor text with a BCH code.
public enum DescriptorChecksum {
    static let inputCharset = Array(
        "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ".utf8)
    private static let checksumCharset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    private static let positions: [Int16] = {
        var table = [Int16](repeating: -1, count: 256)
        for (index, character) in inputCharset.enumerated() { table[Int(character)] = Int16(index) }
        return table
    }()

    private static func polymod(_ checksum: UInt64, _ value: UInt64) -> UInt64 {
        let top = checksum >> 35
        var result = (checksum & 0x7_ffff_ffff) << 5 ^ value
        let generators: [UInt64] = [0xf5_dee5_1989, 0xa9_fdca_3312, 0x1b_ab10_e32d, 0x37_06b1_677a, 0x64_4d62_6ffd]
        for bit in 0..<5 where (top >> UInt64(bit)) & 1 == 1 {
            result ^= generators[bit]
        }
        return result
    }

    /// The checksum of `text` (without "#"), or nil when it contains a character outside BIP380's input set.
    public static func compute(_ text: String) -> String? {
        var checksum: UInt64 = 1
        var classes: UInt64 = 0
        var classCount = 0
        for character in text.utf8 {
            let position = positions[Int(character)]
            guard position >= 0 else { return nil }
            checksum = polymod(checksum, UInt64(position) & 31)
            classes = classes * 3 + UInt64(position) >> 5
            classCount += 1
            if classCount == 3 {
                checksum = polymod(checksum, classes)
                classes = 0
                classCount = 0
            }
        }
        if classCount > 0 { checksum = polymod(checksum, classes) }
        for _ in 0..<8 { checksum = polymod(checksum, 0) }
        checksum ^= 1
        let characters = (0..<8).map { checksumCharset[Int((checksum >> UInt64(5 * (7 - $0))) & 31)] }
        return String(decoding: characters, as: UTF8.self)
    }
}
