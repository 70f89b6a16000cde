/// Bech32 (BIP173) and Bech32m (BIP350) encoding, as used by segwit addresses.
public enum Bech32 {
    public enum Variant: Sendable, Equatable {
        case bech32
        case bech32m

        var constant: UInt32 {
            switch self {
            case .bech32: return 1
            case .bech32m: return 0x2bc8_30a3
            }
        }
    }

    /// BIP173's limit on the length of a whole bech32 string.
    public static let maximumLength = 90

    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    private static let charsetValues: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, character) in charset.enumerated() {
            table[Int(character)] = Int8(index)
        }
        return table
    }()

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for bit in 0..<5 where (top >> UInt32(bit)) & 1 == 1 {
                checksum ^= generator[bit]
            }
        }
        return checksum
    }

    private static func expandedPrefix(_ prefix: [UInt8]) -> [UInt8] {
        prefix.map { $0 >> 5 } + [0] + prefix.map { $0 & 31 }
    }

    /// Encodes 5-bit `data` under the human-readable prefix.
    public static func encode(prefix: String, data: [UInt8], variant: Variant) -> String {
        let prefixBytes = Array(prefix.lowercased().utf8)
        let checksumInput = expandedPrefix(prefixBytes) + data + [0, 0, 0, 0, 0, 0]
        let checksum = polymod(checksumInput) ^ variant.constant
        var text = prefixBytes + [UInt8(ascii: "1")]
        text += data.map { charset[Int($0)] }
        for index in 0..<6 {
            text.append(charset[Int((checksum >> UInt32(5 * (5 - index))) & 31)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes a bech32 or bech32m string: its prefix (lower case), its 5-bit data without the checksum and which
    /// checksum constant matched. Nil for mixed case, bad characters, a wrong length or a failing checksum.
    public static func decode(_ text: String) -> (prefix: String, data: [UInt8], variant: Variant)? {
        let characters = Array(text.utf8)
        guard characters.count <= maximumLength, characters.allSatisfy({ $0 >= 33 && $0 <= 126 }) else { return nil }
        let hasLower = characters.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        let hasUpper = characters.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        guard !(hasLower && hasUpper) else { return nil }
        let lowered = characters.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        guard let separator = lowered.lastIndex(of: UInt8(ascii: "1")), separator >= 1,
            separator + 7 <= lowered.count
        else { return nil }
        let prefix = Array(lowered[..<separator])
        var data: [UInt8] = []
        for character in lowered[(separator + 1)...] {
            guard character < 128, charsetValues[Int(character)] >= 0 else { return nil }
            data.append(UInt8(charsetValues[Int(character)]))
        }
        let check = polymod(expandedPrefix(prefix) + data)
        let variant: Variant
        switch check {
        case Variant.bech32.constant: variant = .bech32
        case Variant.bech32m.constant: variant = .bech32m
        default: return nil
        }
        return (String(decoding: prefix, as: UTF8.self), Array(data.dropLast(6)), variant)
    }

    /// Regroups bits (8 → 5 with padding, or 5 → 8 refusing non-zero or over-long padding).
    public static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0
        var bits = 0
        var output: [UInt8] = []
        let maximum = (1 << to) - 1
        for value in data {
            guard Int(value) >> from == 0 else { return nil }
            accumulator = (accumulator << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                output.append(UInt8((accumulator >> bits) & maximum))
            }
        }
        if pad {
            if bits > 0 { output.append(UInt8((accumulator << (to - bits)) & maximum)) }
        } else if bits >= from || (accumulator << (to - bits)) & maximum != 0 {
            return nil
        }
        return output
    }
}
