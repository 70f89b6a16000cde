/// A Uniform Resource (BCR-2020-005): `ur:<type>/<minimal bytewords of CBOR>` or, for one part of a fountain
/// stream, `ur:<type>/<seqNum>-<seqLen>/<bytewords of the part CBOR>`.
public struct URString: Equatable, Sendable {
    /// Lower-case type, `[a-z0-9-]+`.
    public let type: String
    /// `(seqNum, seqLen)` of a multi-part UR; nil for a single-part one.
    public let sequence: (number: UInt32, length: Int)?
    /// The CBOR the bytewords carry (message for single part, part array for multi-part).
    public let cbor: [UInt8]

    public static func == (lhs: URString, rhs: URString) -> Bool {
        lhs.type == rhs.type && lhs.cbor == rhs.cbor && lhs.sequence?.number == rhs.sequence?.number
            && lhs.sequence?.length == rhs.sequence?.length
    }

    /// Parses any case. Refuses legacy UR 1.0 (`1of3/<digest>/…`) with its own message.
    public init(parsing text: some StringProtocol) throws(QRCodecError) {
        let utf8 = Array(text.utf8)
        guard utf8.count <= QRLimits.maximumPartCharacters else { throw .tooLarge("a UR of \(utf8.count) characters") }
        let lower = String(decoding: utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        guard lower.hasPrefix("ur:") else { throw .badUR("does not start with ur:") }
        let components = lower.dropFirst(3).split(separator: "/", omittingEmptySubsequences: false)
        guard let type = components.first, !type.isEmpty,
            type.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 45 })
        else { throw .badUR("the type must be letters, digits and '-'") }
        switch components.count {
        case 2:
            sequence = nil
        case 3:
            sequence = try Self.sequence(components[1])
        case 4 where components[1].contains("of"):
            throw .badUR("legacy UR 1.0 (\(components[1])); only UR 2.0 is supported")
        default:
            throw .badUR("expected ur:<type>/<body> or ur:<type>/<seqNum>-<seqLen>/<body>")
        }
        guard let body = components.last, !body.isEmpty else { throw .badUR("empty body") }
        self.type = String(type)
        cbor = try Bytewords.decode(body, style: .minimal)
    }

    public init(type: String, cbor: [UInt8], sequence: (number: UInt32, length: Int)? = nil) {
        self.type = type
        self.cbor = cbor
        self.sequence = sequence
    }

    /// Lower-case text (canonical); upper-case it for a QR so it stays in alphanumeric mode.
    public var text: String {
        let body = Bytewords.encode(cbor, style: .minimal)
        guard let sequence else { return "ur:\(type)/\(body)" }
        return "ur:\(type)/\(sequence.number)-\(sequence.length)/\(body)"
    }

    private static func sequence(_ text: Substring) throws(QRCodecError) -> (number: UInt32, length: Int) {
        if text.contains("of") { throw .badUR("legacy UR 1.0 sequence \(text); only UR 2.0 is supported") }
        let numbers = text.split(separator: "-", omittingEmptySubsequences: false)
        guard numbers.count == 2, numbers.allSatisfy({ !$0.isEmpty && $0.count <= 10 && $0.allSatisfy(\.isASCII) }),
            let number = UInt32(numbers[0]), let length = Int(numbers[1]), number >= 1, length >= 1
        else { throw .badUR("sequence \"\(text.prefix(24))\" is not <seqNum>-<seqLen>") }
        return (number, length)
    }
}

/// Encodes one message as a UR: a single part when it fits in one fragment, else a fountain stream.
public struct UREncoder: Sendable {
    public let type: String
    private var fountain: FountainEncoder

    /// `cbor` is the whole message (for PSBTs: the CBOR byte string of the binary PSBT).
    public init(
        type: String, cbor: [UInt8], maximumFragmentLength: Int, minimumFragmentLength: Int = 10,
        firstSequenceNumber: UInt32 = 0
    ) {
        self.type = type
        fountain = FountainEncoder(
            message: cbor, maximumFragmentLength: maximumFragmentLength, minimumFragmentLength: minimumFragmentLength,
            firstSequenceNumber: firstSequenceNumber)
        message = cbor
    }

    private let message: [UInt8]

    public var isSinglePart: Bool { fountain.sequenceLength <= 1 }
    public var sequenceLength: Int { fountain.sequenceLength }

    /// The next part, lower case (`ur:…`). A single-part message repeats its one UR.
    public mutating func nextPart() -> String {
        if isSinglePart { return URString(type: type, cbor: message).text }
        let part = fountain.nextPart()
        return URString(type: type, cbor: part.cbor, sequence: (part.sequenceNumber, part.sequenceLength)).text
    }
}

/// Decodes a UR from its parts (strings in any case and order; repeats and rateless parts welcome).
public struct URDecoder: Sendable {
    public private(set) var type: String?
    private var fountain = FountainDecoder()
    /// The message CBOR once complete.
    public private(set) var cbor: [UInt8]?

    public init() {}

    public var isComplete: Bool { cbor != nil }
    public var fountainDecoder: FountainDecoder { fountain }

    /// Feeds one part string. Throws for malformed parts and parts of another UR (type or message).
    public mutating func receive(_ text: some StringProtocol) throws(QRCodecError) {
        guard cbor == nil else { return }
        let ur = try URString(parsing: text)
        if let type, type != ur.type { throw .mixedSeries("a ur:\(ur.type) part after ur:\(type) parts") }
        guard let sequence = ur.sequence else {
            guard fountain.sequenceLength == nil else {
                throw .mixedSeries("a single-part UR after parts of a multi-part one")
            }
            type = ur.type
            cbor = ur.cbor
            return
        }
        let part = try FountainPart(cbor: ur.cbor)
        guard part.sequenceNumber == sequence.number, part.sequenceLength == sequence.length else {
            throw .badUR(
                "the path says \(sequence.number)-\(sequence.length), the part \(part.sequenceNumber)-\(part.sequenceLength)"
            )
        }
        type = ur.type
        try fountain.receive(part)
        cbor = fountain.message
    }
}
