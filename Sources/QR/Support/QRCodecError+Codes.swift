public import CustosSupport

// An incomplete or inconsistent series, or a symbol that cannot be drawn, is a refusal (exit 1); malformed parts,
// images and payloads are unusable input (exit 2).
extension QRCodecError: CodedFailure {
    public enum Codes {
        public static let header = FailureCode(
            "qr.part.header", .malformed, "A QR part's header is not a BBQr or UR header Custos reads.")
        public static let body = FailureCode(
            "qr.part.body", .malformed, "A QR part's body is not valid for its encoding (bytewords, base32, CBOR).")
        public static let checksum = FailureCode(
            "qr.part.checksum", .malformed, "A UR part's CRC-32 does not match its content.")
        public static let mixedSeries = FailureCode(
            "qr.series.mixed", .refused, "Parts of different series (other totals, types or messages) were mixed.")
        public static let duplicate = FailureCode(
            "qr.series.duplicate", .refused, "The same part index arrived twice with different content.")
        public static let incomplete = FailureCode(
            "qr.series.incomplete", .refused, "Parts are still missing; the file cannot be assembled yet.")
        public static let tooLarge = FailureCode(
            "qr.series.too-large", .malformed, "A series declares more parts or bytes than Custos accepts.")
        public static let compression = FailureCode(
            "qr.payload.compression", .malformed, "A BBQr payload's deflate stream does not inflate.")
        public static let unsupportedType = FailureCode(
            "qr.payload.unsupported-type", .unsupported, "The UR type or BBQr file type is not one Custos handles.")
        public static let unrecognised = FailureCode(
            "qr.payload.unrecognised", .malformed, "The assembled bytes are not a payload Custos reads.")
        public static let render = FailureCode(
            "qr.render.failed", .refused, "The payload cannot be drawn as QR codes of the allowed size.")
        public static let scan = FailureCode(
            "qr.scan.failed", .malformed, "An image holds no QR code zbar can read.")
    }

    public var code: FailureCode {
        switch self {
        case .badBBQrHeader, .badUR: return Codes.header
        case .badBBQrBody, .badBytewords, .badCBOR: return Codes.body
        case .checksumMismatch: return Codes.checksum
        case .mixedSeries: return Codes.mixedSeries
        case .conflictingDuplicate: return Codes.duplicate
        case .incomplete: return Codes.incomplete
        case .tooLarge: return Codes.tooLarge
        case .badCompression: return Codes.compression
        case .unsupportedURType: return Codes.unsupportedType
        case .unrecognisedPayload: return Codes.unrecognised
        case .cannotRender: return Codes.render
        case .cannotScan: return Codes.scan
        }
    }
}
