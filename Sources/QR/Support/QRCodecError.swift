/// Why a QR part, a series of parts or a payload was refused. Every case names the rule that failed; none of
/// them is a crash or an allocation sized by the input.
public enum QRCodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A BBQr part whose 8-character header is malformed (the reason says which character).
    case badBBQrHeader(String)
    /// A BBQr part body that does not decode (wrong alphabet, length, padding, glued parts).
    case badBBQrBody(String)
    /// Parts of two different series (header prefix, UR type/checksum/lengths) fed to one decoder.
    case mixedSeries(String)
    /// The same index arrived twice with different content.
    case conflictingDuplicate(index: Int)
    /// The series was joined before every part was present.
    case incomplete(missing: Int, total: Int)
    /// A declared or decoded size above what Custos accepts (the limit is named).
    case tooLarge(String)
    /// Raw deflate data that zlib refused or that did not end where it should.
    case badCompression(String)
    /// A UR string that is not `ur:<type>/[<seq>/]<bytewords>` or uses a legacy form.
    case badUR(String)
    /// Bytewords that do not decode (unknown word, wrong length).
    case badBytewords(String)
    /// A CRC-32 that does not match its data.
    case checksumMismatch
    /// CBOR that is not the shape UR requires (minimal definite lengths, no trailing bytes).
    case badCBOR(String)
    /// A UR type this decoder does not turn into a file.
    case unsupportedURType(String)
    /// Text that is no QR payload Custos reads.
    case unrecognisedPayload(String)
    /// libqrencode could not draw the text (for example too long for version 40).
    case cannotRender(String)
    /// An image that could not be read or holds no QR code.
    case cannotScan(String)

    public var description: String {
        switch self {
        case .badBBQrHeader(let reason): return "bad BBQr header: \(reason)"
        case .badBBQrBody(let reason): return "bad BBQr part: \(reason)"
        case .mixedSeries(let reason): return "parts of different series mixed: \(reason)"
        case .conflictingDuplicate(let index): return "part \(index) arrived twice with different content"
        case .incomplete(let missing, let total): return "incomplete: \(missing) of \(total) parts missing"
        case .tooLarge(let reason): return "too large: \(reason)"
        case .badCompression(let reason): return "bad compressed data: \(reason)"
        case .badUR(let reason): return "bad UR: \(reason)"
        case .badBytewords(let reason): return "bad bytewords: \(reason)"
        case .checksumMismatch: return "CRC-32 checksum mismatch"
        case .badCBOR(let reason): return "bad CBOR: \(reason)"
        case .unsupportedURType(let type): return "unsupported UR type \"\(type)\""
        case .unrecognisedPayload(let reason): return "not a QR payload Custos reads: \(reason)"
        case .cannotRender(let reason): return "cannot draw QR code: \(reason)"
        case .cannotScan(let reason): return "cannot scan: \(reason)"
        }
    }
}

/// Ceilings on everything decoded from a QR before memory is allocated for it.
public enum QRLimits {
    /// The largest file assembled from parts or inflated from BBQr Z: well above a 2,000-input sweep PSBT
    /// (about 1 MB) and BBQr's own maximum (1295 version-40 parts ≈ 3.5 MB).
    public static let maximumFileBytes = 8 * 1024 * 1024
    /// The most UR fragments (seqLen) accepted; a version-40 QR carries about 2 KB, so this covers 8 MB.
    public static let maximumURFragments = 4096
    /// The longest single part string accepted (a version-40 QR holds 4296 alphanumeric characters).
    public static let maximumPartCharacters = 8192
}
