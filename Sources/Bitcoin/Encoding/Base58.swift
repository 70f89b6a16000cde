internal import CustosCrypto

/// Base58 and Base58Check (legacy addresses, WIF keys, BIP32 extended keys).
public enum Base58 {
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    private static let digitValues: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in alphabet.enumerated() {
            table[Int(character)] = Int8(index)
        }
        return table
    }()

    /// Longest text accepted: far above any Bitcoin use (extended keys are 111 characters) and keeps decoding cheap.
    public static let maximumTextLength = 256

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        let leadingZeros = input.prefix { $0 == 0 }.count
        // Base-58 digits, least significant first.
        var digits: [UInt8] = []
        digits.reserveCapacity(input.count * 138 / 100 + 1)
        for byte in input[leadingZeros...] {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        var text = [UInt8](repeating: alphabet[0], count: leadingZeros)
        text.append(contentsOf: digits.reversed().map { alphabet[Int($0)] })
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes Base58 text; nil for an empty string, a character outside the alphabet or text that is too long.
    public static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard !characters.isEmpty, characters.count <= maximumTextLength else { return nil }
        let leadingOnes = characters.prefix { $0 == alphabet[0] }.count
        // Bytes, least significant first.
        var bytes: [UInt8] = []
        for character in characters[leadingOnes...] {
            let value = digitValues[Int(character)]
            guard value >= 0 else { return nil }
            var carry = Int(value)
            for index in bytes.indices {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xff))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: leadingOnes) + bytes.reversed()
    }

    /// Base58 of the payload followed by the first four bytes of its double SHA-256.
    public static func encodeCheck(_ payload: some Collection<UInt8>) -> String {
        let bytes = Array(payload)
        return encode(bytes + SHA256.doubleHash(bytes).prefix(4))
    }

    /// The payload of Base58Check text, or nil when the text is not Base58 or the checksum does not match.
    public static func decodeCheck(_ text: String) -> [UInt8]? {
        guard let bytes = decode(text), bytes.count >= 4 else { return nil }
        let payload = Array(bytes.dropLast(4))
        guard SHA256.doubleHash(payload).prefix(4).elementsEqual(bytes.suffix(4)) else { return nil }
        return payload
    }
}
