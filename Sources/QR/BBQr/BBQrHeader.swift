/// BBQr's body encodings (BBQr.md): every receiver must read all three.
public enum BBQrEncoding: UInt8, Sendable, CaseIterable {
    /// Upper-case hex, 2 characters per byte.
    case hex = 0x48  // "H"
    /// RFC 4648 base32 without padding, 8 characters per 5 bytes.
    case base32 = 0x32  // "2"
    /// Raw deflate (window bits 10) of the whole file, then base32.
    case zlib = 0x5a  // "Z"

    public var letter: Character { Character(Unicode.Scalar(rawValue)) }

    public init?(letter: Character) {
        guard let ascii = letter.asciiValue, let encoding = Self(rawValue: ascii) else { return nil }
        self = encoding
    }

    /// Non-final parts must split the encoded text at a multiple of this many characters.
    var splitModulus: Int { self == .hex ? 2 : 8 }
}

/// BBQr file types: what the bytes are (BBQr.md, plus Coldcard Key Teleport's R/S/E from the reference library).
public enum BBQrFileType: UInt8, Sendable, CaseIterable {
    case psbt = 0x50  // "P"
    case transaction = 0x54  // "T"
    case json = 0x4a  // "J"
    case cbor = 0x43  // "C"
    case text = 0x55  // "U"
    case binary = 0x42  // "B"
    case executable = 0x58  // "X"
    case teleportReceive = 0x52  // "R"
    case teleportSend = 0x53  // "S"
    case teleportEncrypted = 0x45  // "E"

    public var letter: Character { Character(Unicode.Scalar(rawValue)) }

    public init?(letter: Character) {
        guard let ascii = letter.asciiValue, let type = Self(rawValue: ascii) else { return nil }
        self = type
    }
}

/// The 8-character header of a BBQr part: `B$`, encoding, file type, total and index in two base-36 digits each.
public struct BBQrHeader: Equatable, Sendable {
    public static let length = 8
    public static let maximumParts = 36 * 36 - 1

    public let encoding: BBQrEncoding
    public let fileType: BBQrFileType
    public let total: Int
    public let index: Int

    public init(encoding: BBQrEncoding, fileType: BBQrFileType, total: Int, index: Int) {
        self.encoding = encoding
        self.fileType = fileType
        self.total = total
        self.index = index
    }

    /// Parses the first 8 characters of `part`; the digits must be upper case (BBQr.md: alphanumeric mode).
    public init(parsing part: some Collection<UInt8>) throws(QRCodecError) {
        let bytes = Array(part.prefix(Self.length))
        guard bytes.count == Self.length else { throw .badBBQrHeader("shorter than 8 characters") }
        guard bytes[0] == UInt8(ascii: "B"), bytes[1] == UInt8(ascii: "$") else {
            throw .badBBQrHeader("does not start with B$")
        }
        guard let encoding = BBQrEncoding(rawValue: bytes[2]) else {
            throw .badBBQrHeader("unknown encoding \(printable(bytes[2])) (H, 2 or Z)")
        }
        guard let fileType = BBQrFileType(rawValue: bytes[3]) else {
            throw .badBBQrHeader("unknown file type \(printable(bytes[3]))")
        }
        let total = try Self.base36(bytes[4], bytes[5])
        let index = try Self.base36(bytes[6], bytes[7])
        guard total >= 1 else { throw .badBBQrHeader("total of zero parts") }
        guard index < total else { throw .badBBQrHeader("index \(index) is not below the total \(total)") }
        self.init(encoding: encoding, fileType: fileType, total: total, index: index)
    }

    public var text: String {
        "B$\(encoding.letter)\(fileType.letter)" + Self.base36(total) + Self.base36(index)
    }

    /// The 6-character prefix every part of one series shares.
    var seriesPrefix: String { String(text.prefix(6)) }

    static func base36(_ value: Int) -> String {
        let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String([digits[value / 36 % 36], digits[value % 36]])
    }

    private static func base36(_ high: UInt8, _ low: UInt8) throws(QRCodecError) -> Int {
        try digit(high) * 36 + digit(low)
    }

    private static func digit(_ character: UInt8) throws(QRCodecError) -> Int {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(character - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(character - UInt8(ascii: "A")) + 10
        default: throw .badBBQrHeader("\(printable(character)) is not an upper-case base-36 digit")
        }
    }
}
