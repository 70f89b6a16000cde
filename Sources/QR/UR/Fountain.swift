/// One multi-part UR part (BCR-2024-001): the CBOR array `[seqNum, seqLen, messageLen, checksum, data]`.
public struct FountainPart: Equatable, Sendable {
    public let sequenceNumber: UInt32
    public let sequenceLength: Int
    public let messageLength: Int
    public let checksum: UInt32
    public let data: [UInt8]

    public init(sequenceNumber: UInt32, sequenceLength: Int, messageLength: Int, checksum: UInt32, data: [UInt8]) {
        self.sequenceNumber = sequenceNumber
        self.sequenceLength = sequenceLength
        self.messageLength = messageLength
        self.checksum = checksum
        self.data = data
    }

    public var cbor: [UInt8] {
        URCBOR.header(major: URCBOR.arrayMajor, 5)
            + URCBOR.header(major: URCBOR.unsignedMajor, UInt64(sequenceNumber))
            + URCBOR.header(major: URCBOR.unsignedMajor, UInt64(sequenceLength))
            + URCBOR.header(major: URCBOR.unsignedMajor, UInt64(messageLength))
            + URCBOR.header(major: URCBOR.unsignedMajor, UInt64(checksum))
            + URCBOR.byteString(data)
    }

    /// Parses the part CBOR, bounding every count before it is used.
    public init(cbor: [UInt8]) throws(QRCodecError) {
        var reader = URCBOR.Reader(cbor)
        let (major, count) = try reader.header()
        guard major == URCBOR.arrayMajor, count == 5 else { throw .badCBOR("a part is an array of 5 items") }
        let sequenceNumber = try reader.unsigned()
        let sequenceLength = try reader.unsigned()
        let messageLength = try reader.unsigned()
        let checksum = try reader.unsigned()
        let data = try reader.byteString(limit: QRLimits.maximumPartCharacters)
        guard reader.isAtEnd else { throw .badCBOR("bytes after the part") }
        guard sequenceNumber >= 1, sequenceNumber <= UInt64(UInt32.max) else {
            throw .badUR("sequence number \(sequenceNumber) outside 1...2^32-1")
        }
        guard sequenceLength >= 1, sequenceLength <= UInt64(QRLimits.maximumURFragments) else {
            throw .tooLarge("\(sequenceLength) fragments (limit \(QRLimits.maximumURFragments))")
        }
        guard messageLength >= 1, messageLength <= UInt64(QRLimits.maximumFileBytes) else {
            throw .tooLarge("a message of \(messageLength) bytes")
        }
        guard checksum <= UInt64(UInt32.max) else { throw .badCBOR("checksum wider than 32 bits") }
        let fragments = Int(sequenceLength)
        guard !data.isEmpty, (fragments - 1) * data.count < Int(messageLength),
            Int(messageLength) <= fragments * data.count
        else {
            throw .badUR("\(fragments) fragments of \(data.count) bytes cannot hold \(messageLength) bytes")
        }
        self.init(
            sequenceNumber: UInt32(sequenceNumber), sequenceLength: fragments, messageLength: Int(messageLength),
            checksum: UInt32(checksum), data: data)
    }
}

/// The fountain code's shared arithmetic: fragment length, partition and which fragments a part mixes.
public enum Fountain {
    /// The reference fragment length: the smallest count of equal fragments whose length fits `maximum`.
    public static func fragmentLength(messageLength: Int, minimum: Int, maximum: Int) -> Int {
        let maximumCount = messageLength / max(minimum, 1)
        var fragmentLength = 0
        for count in stride(from: 1, through: maximumCount, by: 1) {
            fragmentLength = (messageLength + count - 1) / count
            if fragmentLength <= maximum { break }
        }
        return fragmentLength
    }

    /// The message cut into `fragmentLength` pieces, the last zero-padded.
    public static func partition(_ message: [UInt8], fragmentLength: Int) -> [[UInt8]] {
        stride(from: 0, to: message.count, by: fragmentLength).map { start in
            let piece = Array(message[start..<min(start + fragmentLength, message.count)])
            return piece + [UInt8](repeating: 0, count: fragmentLength - piece.count)
        }
    }

    /// The degree sampler's weights 1/1 ... 1/seqLen.
    static func degreeSampler(sequenceLength: Int) -> RandomSampler {
        RandomSampler((1...sequenceLength).map { 1.0 / Double($0) })
    }

    /// The fragment indexes part `sequenceNumber` carries: fragment seqNum-1 for fixed-rate parts, else a
    /// degree drawn from the sampler and that many distinct indexes, from one rng seeded with seqNum ‖ checksum.
    public static func fragmentIndexes(
        sequenceNumber: UInt32, sequenceLength: Int, checksum: UInt32, sampler: RandomSampler? = nil
    ) -> [Int] {
        if Int(sequenceNumber) <= sequenceLength { return [Int(sequenceNumber) - 1] }
        var rng = Xoshiro256(seed: CRC32.bigEndianBytes(sequenceNumber) + CRC32.bigEndianBytes(checksum))
        let degree = (sampler ?? degreeSampler(sequenceLength: sequenceLength)).next(&rng) + 1
        return shuffled(Array(0..<sequenceLength), rng: &rng, count: degree)
    }

    /// The first `count` items of a Fisher-Yates style draw without replacement.
    public static func shuffled<T>(_ items: [T], rng: inout Xoshiro256, count: Int) -> [T] {
        var remaining = items
        var result: [T] = []
        result.reserveCapacity(count)
        while result.count < count, !remaining.isEmpty {
            let index = rng.nextInt(0, remaining.count - 1)
            result.append(remaining.remove(at: index))
        }
        return result
    }

    static func xor(_ a: inout [UInt8], _ b: [UInt8]) {
        for index in a.indices where index < b.count { a[index] ^= b[index] }
    }
}

/// Emits the parts of one message: fragments 1...seqLen, then an endless stream of mixes for lossy channels.
public struct FountainEncoder: Sendable {
    public let messageLength: Int
    public let checksum: UInt32
    public let fragmentLength: Int
    public let fragments: [[UInt8]]
    public private(set) var sequenceNumber: UInt32
    private let sampler: RandomSampler

    public init(
        message: [UInt8], maximumFragmentLength: Int, minimumFragmentLength: Int = 10, firstSequenceNumber: UInt32 = 0
    ) {
        messageLength = message.count
        checksum = CRC32.checksum(message)
        fragmentLength = Fountain.fragmentLength(
            messageLength: message.count, minimum: minimumFragmentLength, maximum: maximumFragmentLength)
        fragments = fragmentLength > 0 ? Fountain.partition(message, fragmentLength: fragmentLength) : [message]
        sequenceNumber = firstSequenceNumber
        sampler = Fountain.degreeSampler(sequenceLength: max(fragments.count, 1))
    }

    public var sequenceLength: Int { fragments.count }

    /// True once every fixed-rate part has been emitted.
    public var isComplete: Bool { Int(sequenceNumber) >= sequenceLength }

    public mutating func nextPart() -> FountainPart {
        sequenceNumber &+= 1
        let indexes = Fountain.fragmentIndexes(
            sequenceNumber: sequenceNumber, sequenceLength: sequenceLength, checksum: checksum, sampler: sampler)
        var data = [UInt8](repeating: 0, count: fragmentLength)
        for index in indexes { Fountain.xor(&data, fragments[index]) }
        return FountainPart(
            sequenceNumber: sequenceNumber, sequenceLength: sequenceLength, messageLength: messageLength,
            checksum: checksum, data: data)
    }
}
