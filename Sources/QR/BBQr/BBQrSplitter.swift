/// How BBQr's splitter may choose the QR version and the number of parts (the reference `split_qrs` defaults).
public struct BBQrSplitOptions: Equatable, Sendable {
    public var minimumVersion: Int
    public var maximumVersion: Int
    public var minimumParts: Int
    public var maximumParts: Int

    public init(minimumVersion: Int = 5, maximumVersion: Int = 40, minimumParts: Int = 1, maximumParts: Int = 1295) {
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.minimumParts = minimumParts
        self.maximumParts = maximumParts
    }
}

/// A file split into BBQr parts, all drawn at one QR version.
public struct BBQrSeries: Equatable, Sendable {
    /// The QR version (ECC L, alphanumeric mode) that holds the longest part.
    public let version: Int
    /// The encoding used (Z falls back to 2 when compression does not shrink the file).
    public let encoding: BBQrEncoding
    public let fileType: BBQrFileType
    public let parts: [String]
}

public enum BBQrSplitter {
    /// Encodes and splits `bytes` the way coinkite's reference library does, so the parts are byte-identical to
    /// it: fewest parts first, then the lowest version; non-final parts cut at whole encoded symbols. `encoding`
    /// nil or `.zlib` compresses and falls back to `.base32` when that does not make the data shorter.
    public static func split(
        _ bytes: [UInt8], fileType: BBQrFileType, encoding requested: BBQrEncoding? = nil,
        options: BBQrSplitOptions = BBQrSplitOptions()
    ) throws(QRCodecError) -> BBQrSeries {
        guard !bytes.isEmpty else { throw .badBBQrBody("an empty file has no parts") }
        guard bytes.count <= QRLimits.maximumFileBytes else {
            throw .tooLarge("\(bytes.count) bytes; the limit is \(QRLimits.maximumFileBytes)")
        }
        let (encoding, encoded) = try encode(bytes, requested ?? .zlib)
        let (version, count, perPart) = try bestVersion(
            length: encoded.count, modulus: encoding.splitModulus, options: options)
        var parts: [String] = []
        parts.reserveCapacity(count)
        var offset = 0
        while offset < encoded.count {
            let end = min(offset + perPart, encoded.count)
            let header = BBQrHeader(encoding: encoding, fileType: fileType, total: count, index: parts.count)
            parts.append(header.text + String(decoding: encoded[offset..<end], as: UTF8.self))
            offset = end
        }
        return BBQrSeries(version: version, encoding: encoding, fileType: fileType, parts: parts)
    }

    static func encode(_ bytes: [UInt8], _ encoding: BBQrEncoding) throws(QRCodecError) -> (BBQrEncoding, [UInt8]) {
        switch encoding {
        case .hex: return (.hex, BBQrHex.encode(bytes))
        case .base32: return (.base32, BBQrBase32.encode(bytes))
        case .zlib:
            let compressed = try RawDeflate.compress(bytes)
            if compressed.count >= bytes.count { return (.base32, BBQrBase32.encode(bytes)) }
            return (.zlib, BBQrBase32.encode(compressed))
        }
    }

    /// The reference `find_best_version`: for each allowed version, the parts needed when non-final parts are
    /// cut at a multiple of `modulus` (the last may use the whole capacity).
    static func bestVersion(
        length: Int, modulus: Int, options: BBQrSplitOptions
    ) throws(QRCodecError) -> (version: Int, parts: Int, perPart: Int) {
        let low = max(1, min(options.minimumVersion, options.maximumVersion))
        let high = min(40, options.maximumVersion)
        var best: (version: Int, parts: Int, perPart: Int)?
        if low <= high {
            for version in low...high {
                let capacity = QRCapacity.alphanumericL[version - 1] - BBQrHeader.length
                let aligned = capacity - capacity % modulus
                var needed = (length + aligned - 1) / aligned
                var perPart = aligned
                if needed == 1 {
                    perPart = length
                } else if (needed - 1) * aligned + capacity < length {
                    needed += 1
                }
                guard needed >= options.minimumParts, needed <= options.maximumParts,
                    needed <= BBQrHeader.maximumParts
                else { continue }
                // Versions ascend, so on a tie the lower version (found first) stays.
                if let current = best, current.parts <= needed { continue }
                best = (version, needed, perPart)
            }
        }
        guard let best else {
            throw .tooLarge(
                "\(length) characters do not fit in \(options.minimumParts)-\(options.maximumParts) parts "
                    + "of QR versions \(options.minimumVersion)-\(options.maximumVersion)")
        }
        return best
    }
}

/// QR code capacities at error-correction level L (ISO 18004; `shared/vectors/qr/qrcode/capacity.json`).
public enum QRCapacity {
    /// Alphanumeric characters per version 1...40.
    public static let alphanumericL: [Int] = [
        25, 47, 77, 114, 154, 195, 224, 279, 335, 395, 468, 535, 619, 667, 758, 854, 938, 1046, 1153, 1249, 1352,
        1460, 1588, 1704, 1853, 1990, 2132, 2223, 2369, 2520, 2677, 2840, 3009, 3183, 3351, 3537, 3729, 3927, 4087,
        4296,
    ]

    /// The smallest version whose alphanumeric capacity holds `characters`, or nil above version 40.
    public static func smallestVersion(alphanumeric characters: Int) -> Int? {
        alphanumericL.firstIndex { $0 >= characters }.map { $0 + 1 }
    }
}
