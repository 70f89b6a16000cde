/// RFC 4648 base32 (alphabet `A-Z2-7`, upper case) without `=` padding, as BBQr's `2` and `Z` encodings use it.
/// Foundation has none; a table is all it takes.
enum BBQrBase32 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int(buffer >> UInt32(bits) & 31)])
            }
        }
        if bits > 0 { output.append(alphabet[Int(buffer << UInt32(5 - bits) & 31)]) }
        return output
    }

    /// Decodes unpadded base32; refuses `=`, lower case, other characters, an impossible length (1, 3 or 6
    /// mod 8) and non-zero bits after the last whole byte.
    static func decode(_ text: some Collection<UInt8>) throws(QRCodecError) -> [UInt8] {
        guard ![1, 3, 6].contains(text.count % 8) else {
            throw .badBBQrBody("\(text.count) base32 characters cannot hold whole bytes")
        }
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for character in text {
            let value: UInt8
            switch character {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = character - UInt8(ascii: "A")
            case UInt8(ascii: "2")...UInt8(ascii: "7"): value = character - UInt8(ascii: "2") + 26
            default:
                throw .badBBQrBody("character \(printable(character)) is not upper-case base32 (no = padding)")
            }
            buffer = (buffer << 5 | UInt32(value)) & 0xfff
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { throw .badBBQrBody("non-zero base32 padding bits") }
        return output
    }
}

/// Upper-case hexadecimal, BBQr's `H` encoding.
enum BBQrHex {
    private static let digits: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 15)])
        }
        return output
    }

    /// Decodes upper-case hex only (BBQr.md: the text must stay in the QR alphanumeric set).
    static func decode(_ text: some Collection<UInt8>) throws(QRCodecError) -> [UInt8] {
        guard text.count % 2 == 0 else { throw .badBBQrBody("odd number of hex digits") }
        var output: [UInt8] = []
        output.reserveCapacity(text.count / 2)
        var high: UInt8?
        for character in text {
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = character - UInt8(ascii: "A") + 10
            default: throw .badBBQrBody("character \(printable(character)) is not an upper-case hex digit")
            }
            if let first = high {
                output.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return output
    }
}

/// A byte quoted in an error message without letting control characters reach the terminal.
func printable(_ byte: UInt8) -> String {
    (0x21...0x7e).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
}
