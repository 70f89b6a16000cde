/// Just enough CBOR (RFC 8949) for the UR envelope: unsigned integers, byte strings, one optional tag and the
/// 5-element part array, all with minimal definite-length headers (dCBOR). Not a general CBOR library: the
/// payloads Custos moves are byte strings, and a general decoder would be more attack surface than the format
/// needs (no general CBOR package is among the machine's reachable Swift packages either).
enum URCBOR {
    static let unsignedMajor: UInt8 = 0
    static let byteStringMajor: UInt8 = 2
    static let arrayMajor: UInt8 = 4
    static let tagMajor: UInt8 = 6

    static func header(major: UInt8, _ value: UInt64) -> [UInt8] {
        let type = major << 5
        switch value {
        case 0..<24: return [type | UInt8(value)]
        case 24...0xff: return [type | 24, UInt8(value)]
        case 0x100...0xffff: return [type | 25, UInt8(value >> 8), UInt8(value & 0xff)]
        case 0x1_0000...0xffff_ffff:
            return [type | 26] + (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        default: return [type | 27] + (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        }
    }

    static func byteString(_ bytes: [UInt8]) -> [UInt8] {
        header(major: byteStringMajor, UInt64(bytes.count)) + bytes
    }

    /// Reads CBOR items from a byte array, refusing indefinite and non-minimal lengths.
    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { offset == bytes.count }

        mutating func header() throws(QRCodecError) -> (major: UInt8, value: UInt64) {
            guard offset < bytes.count else { throw .badCBOR("ends early") }
            let initial = bytes[offset]
            offset += 1
            let major = initial >> 5
            let additional = initial & 31
            let width: Int
            switch additional {
            case 0..<24: return (major, UInt64(additional))
            case 24: width = 1
            case 25: width = 2
            case 26: width = 4
            case 27: width = 8
            default: throw .badCBOR("indefinite or reserved length")
            }
            guard bytes.count - offset >= width else { throw .badCBOR("ends early") }
            let value = bytes[offset..<offset + width].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            offset += width
            let minimum: UInt64 = width == 1 ? 24 : 1 << UInt64(width * 4)
            guard value >= minimum else { throw .badCBOR("non-minimal length or integer") }
            return (major, value)
        }

        mutating func unsigned() throws(QRCodecError) -> UInt64 {
            let (major, value) = try header()
            guard major == unsignedMajor else { throw .badCBOR("expected an unsigned integer") }
            return value
        }

        /// A byte string no longer than `limit` (checked before anything is copied).
        mutating func byteString(limit: Int) throws(QRCodecError) -> [UInt8] {
            let (major, length) = try header()
            guard major == byteStringMajor else { throw .badCBOR("expected a byte string") }
            guard length <= UInt64(limit) else { throw .tooLarge("a byte string of \(length) bytes") }
            guard length <= UInt64(bytes.count - offset) else { throw .badCBOR("byte string ends early") }
            let value = Array(bytes[offset..<offset + Int(length)])
            offset += Int(length)
            return value
        }
    }
}
