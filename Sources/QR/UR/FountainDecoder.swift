/// Reassembles a fountain-coded message from parts in any order, with repeats and with rateless (mixed) parts
/// beyond seqLen, by the reference reduction of BCR-2024-001 (qr-airgap.md §3.7).
public struct FountainDecoder: Sendable {
    /// What happened to one part.
    public enum Outcome: Equatable, Sendable {
        /// The part was used (it may still have told nothing new).
        case accepted
        /// The message was already complete.
        case alreadyComplete
    }

    private struct Mix: Sendable {
        var indexes: Set<Int>
        var data: [UInt8]
    }

    /// Fixed by the first part: every later part must agree.
    public private(set) var sequenceLength: Int?
    public private(set) var messageLength: Int?
    public private(set) var checksum: UInt32?
    private var fragmentLength: Int?
    private var sampler: RandomSampler?

    // Parts are kept in arrival order and reduced in that order: which reductions happen first decides when
    // the message completes, and the published decoder scenarios (and foundation-ur-py) use insertion order.
    // (URKit iterates Swift dictionaries, whose order changes from run to run.)
    private var simple: [Int: [UInt8]] = [:]
    private var simpleOrder: [Int] = []
    private var mixed: [Set<Int>: [UInt8]] = [:]
    private var mixedOrder: [Set<Int>] = []
    private var queue: [Mix] = []
    /// The assembled message once complete.
    public private(set) var message: [UInt8]?
    /// Parts received (repeats included), the figure BCR-2024-001's scenarios count.
    public private(set) var partsReceived = 0

    public init() {}

    public var isComplete: Bool { message != nil }
    public var knownFragmentCount: Int { simple.count }
    public var missingFragmentCount: Int { (sequenceLength ?? 1) - simple.count }

    /// Fraction of fragments known (simple parts only).
    public var progress: Double {
        guard let sequenceLength else { return 0 }
        return message != nil ? 1 : Double(simple.count) / Double(sequenceLength)
    }

    /// Feeds one part. Throws for a part of another message (its seqLen, messageLen, checksum or fragment
    /// length differ) and for a complete message whose CRC-32 is wrong.
    @discardableResult
    public mutating func receive(_ part: FountainPart) throws(QRCodecError) -> Outcome {
        guard message == nil else { return .alreadyComplete }
        if let sequenceLength, let messageLength, let checksum, let fragmentLength {
            guard part.sequenceLength == sequenceLength, part.messageLength == messageLength,
                part.checksum == checksum, part.data.count == fragmentLength
            else {
                throw .mixedSeries(
                    "a part of a \(part.messageLength)-byte message in \(part.sequenceLength) fragments "
                        + "after one of \(messageLength) bytes in \(sequenceLength)")
            }
        } else {
            sequenceLength = part.sequenceLength
            messageLength = part.messageLength
            checksum = part.checksum
            fragmentLength = part.data.count
            sampler = Fountain.degreeSampler(sequenceLength: part.sequenceLength)
        }
        partsReceived += 1
        let indexes = Fountain.fragmentIndexes(
            sequenceNumber: part.sequenceNumber, sequenceLength: part.sequenceLength, checksum: part.checksum,
            sampler: sampler)
        queue.append(Mix(indexes: Set(indexes), data: part.data))
        while message == nil, !queue.isEmpty {
            let item = queue.removeFirst()
            if item.indexes.count == 1 {
                try processSimple(item)
            } else {
                processMixed(item)
            }
        }
        return .accepted
    }

    private mutating func processSimple(_ item: Mix) throws(QRCodecError) {
        guard let index = item.indexes.first, simple[index] == nil else { return }
        simple[index] = item.data
        simpleOrder.append(index)
        guard let sequenceLength, let messageLength, simple.count == sequenceLength else {
            reduceMixed(by: item)
            return
        }
        var joined: [UInt8] = []
        joined.reserveCapacity(sequenceLength * item.data.count)
        for fragment in 0..<sequenceLength { joined += simple[fragment] ?? [] }
        let assembled = Array(joined.prefix(messageLength))
        guard CRC32.checksum(assembled) == checksum else { throw .checksumMismatch }
        message = assembled
    }

    private mutating func processMixed(_ item: Mix) {
        guard mixed[item.indexes] == nil else { return }
        var reduced = item
        for index in simpleOrder {
            if let data = simple[index] { reduce(&reduced, by: Mix(indexes: [index], data: data)) }
        }
        for indexes in mixedOrder {
            if let data = mixed[indexes] { reduce(&reduced, by: Mix(indexes: indexes, data: data)) }
        }
        if reduced.indexes.count == 1 {
            queue.append(reduced)
        } else {
            reduceMixed(by: reduced)
            if mixed[reduced.indexes] == nil { mixedOrder.append(reduced.indexes) }
            mixed[reduced.indexes] = reduced.data
        }
    }

    private mutating func reduceMixed(by item: Mix) {
        var kept: [Set<Int>: [UInt8]] = [:]
        var keptOrder: [Set<Int>] = []
        for indexes in mixedOrder {
            guard let data = mixed[indexes] else { continue }
            var part = Mix(indexes: indexes, data: data)
            reduce(&part, by: item)
            if part.indexes.count == 1 {
                queue.append(part)
            } else {
                if kept[part.indexes] == nil { keptOrder.append(part.indexes) }
                kept[part.indexes] = part.data
            }
        }
        mixed = kept
        mixedOrder = keptOrder
    }

    private func reduce(_ part: inout Mix, by other: Mix) {
        guard other.indexes.isStrictSubset(of: part.indexes) else { return }
        part.indexes.subtract(other.indexes)
        Fountain.xor(&part.data, other.data)
    }
}
