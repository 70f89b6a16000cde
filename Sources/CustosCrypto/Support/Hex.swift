extension Collection<UInt8> {
    /// Lower-case hexadecimal, two characters per byte.
    @inlinable
    public var hexString: String {
        if let text = withContiguousStorageIfAvailable({ Hex.encode($0) }) { return text }
        return Array(self).withUnsafeBufferPointer { Hex.encode($0) }
    }
}

extension Array where Element == UInt8 {
    /// Decodes hexadecimal text (either case, no separators). Returns nil for odd length or a non-hex character.
    @inlinable
    public init?(hex: some StringProtocol) {
        var utf8 = String(hex)
        guard let bytes = utf8.withUTF8({ Hex.decode($0) }) else { return nil }
        self = bytes
    }
}

/// Hexadecimal on contiguous bytes: the concrete code behind `hexString` and `[UInt8](hex:)`.
public enum Hex {
    public static func encode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard !bytes.isEmpty else { return "" }
        let digits: StaticString = "0123456789abcdef"
        return digits.withUTF8Buffer { digits in
            String(unsafeUninitializedCapacity: bytes.count * 2) { text in
                for (index, byte) in bytes.enumerated() {
                    text[2 * index] = digits[Int(byte >> 4)]
                    text[2 * index + 1] = digits[Int(byte & 0x0f)]
                }
                return bytes.count * 2
            }
        }
    }

    public static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var valid = true
        let bytes = [UInt8](unsafeUninitializedCapacity: text.count / 2) { bytes, initialized in
            for index in 0..<text.count / 2 {
                guard let high = nibble(text[2 * index]), let low = nibble(text[2 * index + 1]) else {
                    valid = false
                    break
                }
                bytes[index] = high << 4 | low
                initialized = index + 1
            }
        }
        return valid ? bytes : nil
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
