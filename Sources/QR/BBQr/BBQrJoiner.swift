/// Collects the parts of one BBQr series in any order, with repeats, checking every part as it arrives
/// (qr-airgap.md §2.4), and joins them once all are present.
public struct BBQrJoiner: Sendable {
    /// The first part's header: encoding, file type and total are fixed for the series.
    public private(set) var first: BBQrHeader?
    /// Decoded bodies by index, and the text each came from (to compare repeats).
    private var bodies: [Int: (text: [UInt8], bytes: [UInt8])] = [:]

    public init() {}

    public var total: Int? { first?.total }
    public var receivedCount: Int { bodies.count }
    public var missingCount: Int { (first?.total ?? 1) - bodies.count }
    public var isComplete: Bool { first != nil && missingCount == 0 }
    public var missingIndexes: [Int] {
        guard let total = first?.total else { return [] }
        return (0..<total).filter { bodies[$0] == nil }
    }

    /// Adds one scanned part. Returns false for an exact repeat. Throws for a malformed part, a part of another
    /// series, or a repeat with different content.
    @discardableResult
    public mutating func add(_ part: some StringProtocol) throws(QRCodecError) -> Bool {
        let text = Array(part.utf8)
        guard text.count <= QRLimits.maximumPartCharacters else {
            throw .tooLarge("a part of \(text.count) characters")
        }
        let header = try BBQrHeader(parsing: text)
        let body = Array(text[BBQrHeader.length...])
        // Two codes glued together by a scanner's buffer (Coldcard checks the same).
        if let dollar = body.firstIndex(of: UInt8(ascii: "$")), dollar > 0, body[dollar - 1] == UInt8(ascii: "B") {
            throw .badBBQrBody("B$ inside the body: two parts glued together")
        }
        if let first {
            guard header.seriesPrefix == first.seriesPrefix else {
                throw .mixedSeries("\(header.seriesPrefix)… after \(first.seriesPrefix)…")
            }
        }
        if let known = bodies[header.index] {
            guard known.text == body else { throw .conflictingDuplicate(index: header.index) }
            return false
        }
        let isFinal = header.index == header.total - 1
        if !isFinal && body.count % header.encoding.splitModulus != 0 {
            throw .badBBQrBody("non-final part \(header.index) is not cut at a whole encoded symbol")
        }
        let bytes = try Self.decodeBody(body, header.encoding)
        try checkSizes(header: header, decoded: bytes.count, isFinal: isFinal)
        if first == nil { first = header }
        bodies[header.index] = (body, bytes)
        return true
    }

    /// Non-final parts decode to one length and the final one is not longer (Coldcard's rules); the whole
    /// series stays under the file limit before anything is assembled.
    private func checkSizes(header: BBQrHeader, decoded: Int, isFinal: Bool) throws(QRCodecError) {
        for (index, known) in bodies {
            let knownIsFinal = index == header.total - 1
            if !isFinal && !knownIsFinal && known.bytes.count != decoded {
                throw .badBBQrBody("non-final parts of different sizes (\(known.bytes.count) and \(decoded) bytes)")
            }
            if isFinal && !knownIsFinal && decoded > known.bytes.count {
                throw .badBBQrBody("the final part is longer than the others")
            }
            if !isFinal && knownIsFinal && known.bytes.count > decoded {
                throw .badBBQrBody("the final part is longer than the others")
            }
        }
        if !isFinal && decoded * header.total > QRLimits.maximumFileBytes {
            throw .tooLarge("\(header.total) parts of \(decoded) bytes")
        }
    }

    static func decodeBody(_ body: [UInt8], _ encoding: BBQrEncoding) throws(QRCodecError) -> [UInt8] {
        switch encoding {
        case .hex: return try BBQrHex.decode(body)
        case .base32, .zlib: return try BBQrBase32.decode(body)
        }
    }

    /// The file, once every part is present: concatenated and, for Z, inflated (bounded, to the stream's end).
    public func result() throws(QRCodecError) -> (fileType: BBQrFileType, bytes: [UInt8]) {
        guard let first else { throw .incomplete(missing: 1, total: 1) }
        guard missingCount == 0 else { throw .incomplete(missing: missingCount, total: first.total) }
        var joined: [UInt8] = []
        for index in 0..<first.total {
            guard let body = bodies[index] else { throw .incomplete(missing: 1, total: first.total) }
            joined += body.bytes
        }
        if first.encoding == .zlib { joined = try RawDeflate.decompress(joined) }
        return (first.fileType, joined)
    }

    /// Joins a whole list of parts (any order, repeats allowed).
    public static func join(
        _ parts: some Sequence<String>
    ) throws(QRCodecError) -> (
        fileType: BBQrFileType, bytes: [UInt8]
    ) {
        var joiner = BBQrJoiner()
        for part in parts { try joiner.add(part) }
        return try joiner.result()
    }
}
