/// An 8-bit grayscale image, what the QR renderer writes and zbar reads.
public struct GrayImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// Row-major, 0 = black, 255 = white.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A symbol at `scale` pixels per module with a `quietZone`-module white border, black on white.
    public init(_ symbol: QRSymbol, scale: Int = 4, quietZone: Int = 4) {
        let side = (symbol.width + 2 * quietZone) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for row in 0..<symbol.width {
            for column in 0..<symbol.width where symbol.modules[row * symbol.width + column] {
                for y in 0..<scale {
                    let start = ((row + quietZone) * scale + y) * side + (column + quietZone) * scale
                    for x in 0..<scale { pixels[start + x] = 0 }
                }
            }
        }
        self.init(width: side, height: side, pixels: pixels)
    }
}

/// PNG (ISO 15948) files: a minimal writer for grayscale frames (chunks and filters by hand, the deflate and
/// CRC-32 from zlib) and a reader for the non-interlaced images QR frames and screenshots come in.
public enum PNG {
    static let signature: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
    /// A ceiling on decoded pixels (about a 8000 × 8000 screenshot).
    public static let maximumPixels = 64 * 1024 * 1024

    public static func encode(_ image: GrayImage) throws(QRCodecError) -> [UInt8] {
        var header: [UInt8] = []
        header += bigEndian(UInt32(image.width))
        header += bigEndian(UInt32(image.height))
        header += [8, 0, 0, 0, 0]  // 8-bit, grayscale, deflate, filter method 0, no interlace
        var raw: [UInt8] = []
        raw.reserveCapacity((image.width + 1) * image.height)
        for row in 0..<image.height {
            raw.append(0)  // filter: none
            raw += image.pixels[row * image.width..<(row + 1) * image.width]
        }
        let data = try RawDeflate.compress(raw, windowBits: 15, wrapped: true)
        return signature + chunk("IHDR", header) + chunk("IDAT", data) + chunk("IEND", [])
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data
            + bigEndian(CRC32.update(CRC32.checksum(typeBytes), data))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] { CRC32.bigEndianBytes(value) }

    /// Reads a PNG as grayscale: bit depth 8 gray/gray+alpha/RGB/RGBA, or palette and gray at 1, 2, 4 or 8 bits;
    /// not interlaced. Every chunk CRC is checked and the size bounded before inflating.
    public static func decode(_ file: [UInt8]) throws(QRCodecError) -> GrayImage {
        guard file.starts(with: signature) else { throw .cannotScan("not a PNG file") }
        var offset = signature.count
        var width = 0
        var height = 0
        var depth = 0
        var colour = -1
        var palette: [UInt8] = []
        var compressed: [UInt8] = []
        var ended = false
        while !ended {
            guard file.count - offset >= 12 else { throw .cannotScan("PNG ends early") }
            let length = Int(file[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            guard length <= file.count - offset - 12 else { throw .cannotScan("PNG chunk longer than the file") }
            let type = String(decoding: file[offset + 4..<offset + 8], as: UTF8.self)
            let data = Array(file[offset + 8..<offset + 8 + length])
            let stored = file[offset + 8 + length..<offset + 12 + length].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard CRC32.update(CRC32.checksum(Array(file[offset + 4..<offset + 8])), data) == stored else {
                throw .cannotScan("PNG chunk \(type) has a bad CRC")
            }
            offset += 12 + length
            switch type {
            case "IHDR":
                guard data.count == 13 else { throw .cannotScan("bad IHDR") }
                width = Int(data[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
                height = Int(data[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
                depth = Int(data[8])
                colour = Int(data[9])
                guard data[12] == 0 else { throw .cannotScan("interlaced PNGs are not read") }
            case "PLTE": palette = data
            case "IDAT": compressed += data
            case "IEND": ended = true
            default: break
            }
        }
        guard width > 0, height > 0, width <= maximumPixels / height else {
            throw .cannotScan("PNG size \(width)×\(height) outside the accepted range")
        }
        let channels: Int
        switch (colour, depth) {
        case (0, 1), (0, 2), (0, 4), (0, 8), (3, 1), (3, 2), (3, 4), (3, 8): channels = 1
        case (4, 8): channels = 2
        case (2, 8): channels = 3
        case (6, 8): channels = 4
        default: throw .cannotScan("PNG colour type \(colour) at \(depth) bits is not read")
        }
        let rowBytes = (width * channels * depth + 7) / 8
        let stride = max(1, channels * depth / 8)
        let raw = try RawDeflate.decompress(
            compressed, windowBits: 15, wrapped: true, limit: (rowBytes + 1) * height)
        guard raw.count == (rowBytes + 1) * height else { throw .cannotScan("PNG image data has the wrong size") }
        let rows = try unfilter(raw, rowBytes: rowBytes, height: height, stride: stride)
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            let row = y * rowBytes
            for x in 0..<width {
                let value: UInt8
                if depth < 8 {
                    let bit = x * depth
                    let sample = Int(rows[row + bit / 8] >> UInt8(8 - depth - bit % 8)) & ((1 << depth) - 1)
                    value = colour == 3 ? paletteGray(palette, sample) : UInt8(sample * 255 / ((1 << depth) - 1))
                } else {
                    let at = row + x * channels
                    switch colour {
                    case 0, 4: value = rows[at]
                    case 3: value = paletteGray(palette, Int(rows[at]))
                    default:
                        // ITU-R BT.601 luma; alpha is ignored (screenshots are opaque).
                        value = luma(rows[at], rows[at + 1], rows[at + 2])
                    }
                }
                pixels[y * width + x] = value
            }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    private static func paletteGray(_ palette: [UInt8], _ index: Int) -> UInt8 {
        guard index * 3 + 2 < palette.count else { return 0 }
        return luma(palette[index * 3], palette[index * 3 + 1], palette[index * 3 + 2])
    }

    private static func luma(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> UInt8 {
        let weighted: Int = 299 * Int(red) + 587 * Int(green) + 114 * Int(blue)
        return UInt8(weighted / 1000)
    }

    /// Undoes the per-row filters (none, sub, up, average, Paeth).
    private static func unfilter(
        _ raw: [UInt8], rowBytes: Int, height: Int, stride: Int
    ) throws(QRCodecError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: rowBytes * height)
        for y in 0..<height {
            let filter = raw[y * (rowBytes + 1)]
            let source = y * (rowBytes + 1) + 1
            let target = y * rowBytes
            for x in 0..<rowBytes {
                let left = x >= stride ? Int(output[target + x - stride]) : 0
                let up = y > 0 ? Int(output[target - rowBytes + x]) : 0
                let upLeft = (y > 0 && x >= stride) ? Int(output[target - rowBytes + x - stride]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = left
                case 2: predictor = up
                case 3: predictor = (left + up) / 2
                case 4:
                    let p = left + up - upLeft
                    let (pa, pb, pc) = (abs(p - left), abs(p - up), abs(p - upLeft))
                    predictor = pa <= pb && pa <= pc ? left : (pb <= pc ? up : upLeft)
                default: throw .cannotScan("unknown PNG filter \(filter)")
                }
                output[target + x] = UInt8(truncatingIfNeeded: Int(raw[source + x]) + predictor)
            }
        }
        return output
    }
}
