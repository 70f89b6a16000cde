/// Strict Base64 (RFC 4648, standard alphabet, padded), the text form of PSBTs.
///
/// The work is done on contiguous bytes (`UnsafeBufferPointer`) in this module; the generic entry points are
/// inlinable shims that hand their storage over, so callers in other modules never run generic code per byte.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Each character's 6-bit value; 0xff for a byte outside the alphabet (including "=").
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (index, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        return table
    }()

    @inlinable
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        if let text = bytes.withContiguousStorageIfAvailable({ encode(buffer: $0) }) {
            return text
        }
        return Array(bytes).withUnsafeBufferPointer { encode(buffer: $0) }
    }

    public static func encode(buffer input: UnsafeBufferPointer<UInt8>) -> String {
        let outputCount = (input.count + 2) / 3 * 4
        guard outputCount > 0 else { return "" }
        return alphabet.withUnsafeBufferPointer { alphabet in
            String(unsafeUninitializedCapacity: outputCount) { output in
                var index = 0
                var out = 0
                while index + 3 <= input.count {
                    let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                    output[out] = alphabet[Int(chunk >> 18 & 63)]
                    output[out + 1] = alphabet[Int(chunk >> 12 & 63)]
                    output[out + 2] = alphabet[Int(chunk >> 6 & 63)]
                    output[out + 3] = alphabet[Int(chunk & 63)]
                    index += 3
                    out += 4
                }
                let rest = input.count - index
                if rest > 0 {
                    let chunk = UInt32(input[index]) << 16 | (rest == 2 ? UInt32(input[index + 1]) << 8 : 0)
                    output[out] = alphabet[Int(chunk >> 18 & 63)]
                    output[out + 1] = alphabet[Int(chunk >> 12 & 63)]
                    output[out + 2] = rest == 2 ? alphabet[Int(chunk >> 6 & 63)] : UInt8(ascii: "=")
                    output[out + 3] = UInt8(ascii: "=")
                    out += 4
                }
                return out
            }
        }
    }

    /// Decodes padded Base64; nil for a wrong length, a character outside the alphabet, misplaced padding or
    /// non-zero padding bits (so each byte string has exactly one accepted text).
    @inlinable
    public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        if let result = text.withContiguousStorageIfAvailable({ decode(buffer: $0) }) {
            return result
        }
        return Array(text).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    public static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard input.count % 4 == 0 else { return nil }
        guard input.count > 0 else { return [] }
        let equals = UInt8(ascii: "=")
        let last = input.count - 4
        // Padding only in the last quartet: "xx==" (one byte) or "xxx=" (two); "xx=y" is refused.
        let padding: Int
        if input[last + 3] == equals {
            padding = input[last + 2] == equals ? 2 : 1
        } else {
            padding = 0
        }
        let fullQuartets = padding == 0 ? input.count / 4 : input.count / 4 - 1
        let outputCount = input.count / 4 * 3 - padding
        return values.withUnsafeBufferPointer { values -> [UInt8]? in
            var valid = true
            let output = [UInt8](unsafeUninitializedCapacity: outputCount) { output, initialized in
                var bad: UInt8 = 0
                var index = 0
                var out = 0
                for _ in 0..<fullQuartets {
                    let a = values[Int(input[index])]
                    let b = values[Int(input[index + 1])]
                    let c = values[Int(input[index + 2])]
                    let d = values[Int(input[index + 3])]
                    // A bad character has the top bit set; collect them and check once.
                    bad |= a | b | c | d
                    let chunk = UInt32(a & 63) << 18 | UInt32(b & 63) << 12 | UInt32(c & 63) << 6 | UInt32(d & 63)
                    output[out] = UInt8(truncatingIfNeeded: chunk >> 16)
                    output[out + 1] = UInt8(truncatingIfNeeded: chunk >> 8)
                    output[out + 2] = UInt8(truncatingIfNeeded: chunk)
                    index += 4
                    out += 3
                }
                if padding > 0 {
                    let a = values[Int(input[index])]
                    let b = values[Int(input[index + 1])]
                    bad |= a | b
                    output[out] = (a & 63) << 2 | (b & 63) >> 4
                    out += 1
                    if padding == 1 {
                        let c = values[Int(input[index + 2])]
                        bad |= c
                        output[out] = (b & 15) << 4 | (c & 63) >> 2
                        out += 1
                        // Bits under the padding must be zero.
                        if c & 3 != 0 { bad |= 0x80 }
                    } else if b & 15 != 0 {
                        bad |= 0x80
                    }
                }
                valid = bad & 0x80 == 0
                initialized = out
            }
            return valid ? output : nil
        }
    }
}
