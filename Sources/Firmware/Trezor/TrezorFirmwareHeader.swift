/// The 1024-byte `TRZF` / `TRZB` header shared by Trezor One (v2/v3) firmware, core firmware and core bootloaders
/// (firmware-formats.md §3.3, §3.5, §3.7).
struct TrezorFirmwareHeader: Sendable {
    static let byteCount = 1024
    static let chunkHashesRange = 0x20..<0x220
    static let legacySignaturesRange = 0x220..<0x2E3
    static let cosiRange = 0x3BF..<0x400

    let magic: String
    /// The raw 1024 bytes as found in the image.
    let bytes: [UInt8]
    let headerLength: UInt32
    let expiry: UInt32
    let codeLength: Int
    let version: [UInt8]
    let hardwareModel: [UInt8]
    let chunkHashes: [[UInt8]]
    let legacySignatures: [[UInt8]]
    let legacyKeyIndexes: [UInt8]
    let sigmask: UInt8
    let signature: [UInt8]

    init(_ image: [UInt8], at offset: Int, what: String) throws(FirmwareFormatError) {
        var reader = ImageReader(image, position: offset, context: what)
        let header = try reader.readBytes(Self.byteCount, "the 1024-byte firmware header")
        bytes = header
        magic = String(decoding: header[0..<4], as: UTF8.self)
        headerLength = littleEndianUInt32(header, at: 4)
        expiry = littleEndianUInt32(header, at: 8)
        codeLength = Int(littleEndianUInt32(header, at: 12))
        version = Array(header[16..<20])
        hardwareModel = Array(header[24..<28])
        chunkHashes = (0..<16).map { Array(header[(0x20 + 32 * $0)..<(0x40 + 32 * $0)]) }
        legacySignatures = (0..<3).map { Array(header[(0x220 + 64 * $0)..<(0x260 + 64 * $0)]) }
        legacyKeyIndexes = Array(header[0x2E0..<0x2E3])
        sigmask = header[0x3BF]
        signature = Array(header[0x3C0..<0x400])
        // The code must be exactly what is left: trezorlib and the bootloaders take the image as header + code.
        let codeStart = offset + Self.byteCount
        guard codeLength <= image.count - codeStart else {
            throw .truncated(
                what: what, field: "code of \(codeLength) bytes (header codelen)", needed: codeLength,
                available: image.count - codeStart)
        }
        guard codeLength == image.count - codeStart else {
            throw .trailingBytes(what: what, count: image.count - codeStart - codeLength)
        }
    }

    var versionText: String { "\(version[0]).\(version[1]).\(version[2])" }

    /// Chunk hashes recomputed from the code: chunk i ends at (i+1)·chunk bytes from the image start, `codeOffset`
    /// bytes before the code; `padding` (Trezor One: 0xFF) fills the last chunk. Nil when the code needs more than
    /// the 16 chunk slots.
    static func chunkHashes(
        code: ArraySlice<UInt8>, codeOffset: Int, chunk: Int, hash: TrezorImageHash, padding: UInt8?
    ) -> [[UInt8]]? {
        var hashes: [[UInt8]] = []
        var start = 0
        for index in 0..<16 {
            let end = (index + 1) * chunk - codeOffset
            guard start < code.count, end > start else {
                hashes.append([UInt8](repeating: 0, count: 32))
                start = max(start, end)
                continue
            }
            let piece = code[(code.startIndex + start)..<(code.startIndex + min(end, code.count))]
            if let padding, piece.count < end - start {
                hashes.append(hash.hash(Array(piece) + [UInt8](repeating: padding, count: end - start - piece.count)))
            } else {
                hashes.append(hash.hash(piece))
            }
            start = end
        }
        return start >= code.count ? hashes : nil
    }

    /// trezorlib's `digest()`: the header with recomputed chunk hashes, hdrlen rebuilt as 1024 for versions ≥ 2,
    /// the Trezor One signature fields and the CoSi fields zeroed, hashed with the model's hash.
    func fingerprint(recomputedHashes: [[UInt8]], hash: TrezorImageHash) -> [UInt8] {
        var copy = bytes.zeroing(Self.legacySignaturesRange).zeroing(Self.cosiRange)
        for (index, value) in recomputedHashes.enumerated() {
            copy.replaceSubrange((0x20 + 32 * index)..<(0x40 + 32 * index), with: value)
        }
        if version[0] > 1 {
            copy.replaceSubrange(4..<8, with: [0x00, 0x04, 0x00, 0x00])
        }
        return hash.hash(copy)
    }
}
