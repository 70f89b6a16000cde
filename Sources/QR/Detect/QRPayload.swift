internal import Bitcoin
internal import CustosCrypto

/// What the first scanned text of a series is (qr-airgap.md §1, `formats/detect.json`).
public enum QRPayloadFormat: String, Sendable, CaseIterable {
    case bbqr
    case urSingle = "ur-single"
    case urMulti = "ur-multi"
    case urLegacy = "ur-legacy-v1"
    case specterPMofN = "specter-pmofn"
    case psbtBase64 = "psbt-base64-single"
    case psbtHex = "psbt-hex-single"
    case transactionHex = "transaction-hex-single"

    /// Classifies one scanned text; nil when it is none of these.
    public static func detect(_ text: some StringProtocol) -> QRPayloadFormat? {
        let utf8 = Array(text.utf8)
        if utf8.starts(with: Array("B$".utf8)) { return .bbqr }
        if utf8.count >= 3, String(decoding: utf8.prefix(3), as: UTF8.self).lowercased() == "ur:" {
            let components = utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            switch components.count {
            case 2: return .urSingle
            case 3: return .urMulti
            default:
                let middle = String(decoding: components[1], as: UTF8.self).lowercased()
                return middle.contains("of") ? .urLegacy : .urMulti
            }
        }
        if SpecterSlice(text) != nil { return .specterPMofN }
        if utf8.starts(with: Array("cHNidP8".utf8)) { return .psbtBase64 }
        let lower = String(decoding: utf8, as: UTF8.self).lowercased()
        guard [UInt8](hex: lower) != nil else { return nil }
        if lower.hasPrefix("70736274ff") { return .psbtHex }
        if lower.hasPrefix("01000000") || lower.hasPrefix("02000000") { return .transactionHex }
        return nil
    }
}

/// What the assembled bytes are, from the BBQr file type or UR type, and the PSBT magic.
public enum QRFileKind: String, Sendable {
    case psbt
    case transaction
    case json
    case text
    case cbor
    case binary

    init(_ type: BBQrFileType, bytes: [UInt8]) {
        switch type {
        case .psbt: self = .psbt
        case .transaction: self = .transaction
        case .json: self = .json
        case .text: self = .text
        case .cbor: self = .cbor
        case .binary, .executable, .teleportReceive, .teleportSend, .teleportEncrypted:
            self = bytes.starts(with: Self.psbtMagic) ? .psbt : .binary
        }
    }

    static let psbtMagic: [UInt8] = [0x70, 0x73, 0x62, 0x74, 0xff]
}

/// A file reassembled from QR parts.
public struct QRPayload: Equatable, Sendable {
    public let bytes: [UInt8]
    public let kind: QRFileKind
    /// How it travelled: `bbqr`, `ur-multi`, …
    public let format: QRPayloadFormat
    /// The BBQr file-type letter or the UR type, as sent.
    public let declaredType: String
}

/// One slice of a Specter DIY `p<M>of<N> <base64>` series.
struct SpecterSlice {
    let index: Int
    let total: Int
    let text: Substring

    init?(_ line: some StringProtocol) {
        let string = String(line)
        guard string.first == "p", let space = string.firstIndex(of: " ") else { return nil }
        let numbers = string[string.index(after: string.startIndex)..<space].split(separator: "o", maxSplits: 1)
        guard numbers.count == 2, numbers[1].hasPrefix("f"), let index = Int(numbers[0]),
            let total = Int(numbers[1].dropFirst()), total >= 1, total <= QRLimits.maximumURFragments, index >= 1,
            index <= total
        else { return nil }
        self.index = index
        self.total = total
        text = string[string.index(after: space)...]
    }
}

/// Reassembles a file from scanned QR texts of any supported format, fed one at a time (the format of the
/// first text decides; a text of another series is refused, never merged).
public struct QRAssembler: Sendable {
    public private(set) var format: QRPayloadFormat?
    private var bbqr = BBQrJoiner()
    private var ur = URDecoder()
    private var specter: [Int: Substring] = [:]
    private var specterTotal = 0
    private var single: [UInt8]?

    public init() {}

    /// Parts still needed (fragments for UR; at least 1 for a rateless stream not yet decodable), or nil before
    /// the first part.
    public var missingCount: Int? {
        switch format {
        case nil: return nil
        case .bbqr: return bbqr.missingCount
        case .urSingle, .urMulti:
            return ur.isComplete ? 0 : max(ur.fountainDecoder.missingFragmentCount, 1)
        case .specterPMofN: return specterTotal - specter.count
        case .psbtBase64, .psbtHex, .transactionHex, .urLegacy: return single == nil ? 1 : 0
        }
    }

    /// Parts in the whole series (fragments for UR), when known.
    public var totalCount: Int? {
        switch format {
        case nil: return nil
        case .bbqr: return bbqr.total
        case .urSingle, .urMulti:
            return ur.isComplete ? (ur.fountainDecoder.sequenceLength ?? 1) : ur.fountainDecoder.sequenceLength
        case .specterPMofN: return specterTotal
        case .psbtBase64, .psbtHex, .transactionHex, .urLegacy: return 1
        }
    }

    public var isComplete: Bool { missingCount == 0 }

    /// Feeds one scanned text (surrounding whitespace ignored).
    public mutating func add(_ scanned: some StringProtocol) throws(QRCodecError) {
        let text = scanned.trimmingASCIIWhitespace
        guard let detected = QRPayloadFormat.detect(text) else {
            throw .unrecognisedPayload("\"\(text.prefix(24))…\" is no BBQr, UR, pMofN, base64 or hex payload")
        }
        let family = Self.family(detected)
        if let format, Self.family(format) != family {
            throw .mixedSeries("a \(detected.rawValue) part in a \(format.rawValue) series")
        }
        if format == nil || format == .urSingle { format = detected }
        switch detected {
        case .bbqr: try bbqr.add(text)
        case .urSingle, .urMulti: try ur.receive(text)
        case .urLegacy: throw .badUR("legacy UR 1.0 (Cobo Vault era); only UR 2.0 is supported")
        case .specterPMofN:
            guard let slice = SpecterSlice(text) else { throw .unrecognisedPayload("bad pMofN slice") }
            if specterTotal == 0 { specterTotal = slice.total }
            guard slice.total == specterTotal else {
                throw .mixedSeries("p?of\(slice.total) after p?of\(specterTotal)")
            }
            if let known = specter[slice.index], known != slice.text {
                throw .conflictingDuplicate(index: slice.index)
            }
            specter[slice.index] = slice.text
        case .psbtBase64:
            guard let bytes = Base64.decode(Array(text.utf8)) else { throw .unrecognisedPayload("bad base64") }
            try setSingle(bytes)
        case .psbtHex, .transactionHex:
            guard let bytes = [UInt8](hex: text) else { throw .unrecognisedPayload("bad hex") }
            try setSingle(bytes)
        }
    }

    private mutating func setSingle(_ bytes: [UInt8]) throws(QRCodecError) {
        if let single, single != bytes { throw .conflictingDuplicate(index: 0) }
        single = bytes
    }

    private static func family(_ format: QRPayloadFormat) -> Int {
        switch format {
        case .bbqr: return 0
        case .urSingle, .urMulti, .urLegacy: return 1
        case .specterPMofN: return 2
        case .psbtBase64, .psbtHex, .transactionHex: return 3
        }
    }

    /// The file, once complete.
    public func result() throws(QRCodecError) -> QRPayload {
        guard let format, let missing = missingCount else { throw .incomplete(missing: 1, total: 1) }
        guard missing == 0 else { throw .incomplete(missing: missing, total: totalCount ?? missing) }
        switch format {
        case .bbqr:
            let (type, bytes) = try bbqr.result()
            return QRPayload(
                bytes: bytes, kind: QRFileKind(type, bytes: bytes), format: .bbqr, declaredType: String(type.letter))
        case .urSingle, .urMulti, .urLegacy:
            guard let cbor = ur.cbor, let type = ur.type else { throw .incomplete(missing: 1, total: 1) }
            let bytes = try URPayload.bytes(type: type, cbor: cbor)
            let kind: QRFileKind = bytes.starts(with: QRFileKind.psbtMagic) ? .psbt : .binary
            if type != "bytes" && kind != .psbt { throw .badUR("a ur:\(type) that does not hold a PSBT") }
            return QRPayload(bytes: bytes, kind: kind, format: format, declaredType: type)
        case .specterPMofN:
            let text = (1...specterTotal).compactMap { specter[$0] }.joined()
            guard let bytes = Base64.decode(Array(text.utf8)) else {
                throw .unrecognisedPayload("the joined pMofN slices are not base64")
            }
            let kind: QRFileKind = bytes.starts(with: QRFileKind.psbtMagic) ? .psbt : .binary
            return QRPayload(bytes: bytes, kind: kind, format: format, declaredType: "pMofN")
        case .psbtBase64, .psbtHex, .transactionHex:
            guard let single else { throw .incomplete(missing: 1, total: 1) }
            let kind: QRFileKind = format == .transactionHex ? .transaction : .psbt
            return QRPayload(bytes: single, kind: kind, format: format, declaredType: format.rawValue)
        }
    }

    /// Assembles a whole list of scanned texts (blank lines ignored).
    public static func assemble(_ texts: some Sequence<String>) throws(QRCodecError) -> QRPayload {
        var assembler = QRAssembler()
        for text in texts where !text.trimmingASCIIWhitespace.isEmpty { try assembler.add(text) }
        return try assembler.result()
    }
}

/// The UR types that carry a file, and how the file sits in the CBOR.
public enum URPayload {
    /// Tags a PSBT may carry when embedded (accepted at top level as leniency, never written).
    static let psbtTags: Set<UInt64> = [40310, 310]

    /// `crypto-psbt`, `psbt` and `bytes`: a CBOR byte string (PSBT types may be tagged 40310/310).
    public static func bytes(type: String, cbor: [UInt8]) throws(QRCodecError) -> [UInt8] {
        guard ["crypto-psbt", "psbt", "bytes"].contains(type) else { throw .unsupportedURType(type) }
        var reader = URCBOR.Reader(cbor)
        var start = reader
        let (major, value) = try start.header()
        if major == URCBOR.tagMajor {
            guard type != "bytes", psbtTags.contains(value) else { throw .badCBOR("unexpected tag \(value)") }
            reader = start
        }
        let bytes = try reader.byteString(limit: QRLimits.maximumFileBytes)
        guard reader.isAtEnd else { throw .badCBOR("bytes after the byte string") }
        return bytes
    }

    /// The message CBOR of a file: an untagged byte string (BCR-2020-006: the UR type says what it is).
    public static func cbor(for bytes: [UInt8]) -> [UInt8] {
        URCBOR.byteString(bytes)
    }
}

extension StringProtocol {
    var trimmingASCIIWhitespace: Substring {
        let string = Substring(self)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = string.firstIndex(where: { !isSpace($0) }),
            let last = string.lastIndex(where: { !isSpace($0) })
        else { return string[string.endIndex...] }
        return string[first...last]
    }
}
