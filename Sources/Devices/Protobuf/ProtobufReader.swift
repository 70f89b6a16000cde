public import CustosSupport

/// A minimal protobuf reader for the handful of Trezor messages Custos decodes (see docs/ARCHITECTURE.md for why
/// this is hand-written rather than swift-protobuf).
///
/// It walks fields in order; unknown fields are skipped by wire type; every read goes through the shared bounded
/// reader, so a hostile length can neither over-read nor make it allocate.
struct ProtobufReader {
    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    /// One field: its number and value.
    enum FieldValue {
        case varint(UInt64)
        case bytes(ArraySlice<UInt8>)
        case fixed
    }

    private var reader: BoundedByteReader<ProtobufError>

    init(_ bytes: [UInt8]) {
        reader = BoundedByteReader(bytes)
    }

    /// The next field, or nil at the end of the message.
    mutating func next() throws(ProtobufError) -> (number: UInt32, value: FieldValue)? {
        guard !reader.isAtEnd else { return nil }
        let key = try readVarint()
        guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
            throw .unsupportedWireType(UInt8(key & 7))
        }
        let number = key >> 3
        guard number > 0, number <= 536_870_911 else { throw .badFieldNumber }
        switch wireType {
        case .varint:
            return (UInt32(number), .varint(try readVarint()))
        case .lengthDelimited:
            let length = try readVarint()
            guard length <= UInt64(reader.remainingCount) else { throw .truncated }
            return (UInt32(number), .bytes(try reader.readSlice(Int(length))))
        case .fixed64, .fixed32:
            try reader.skip(wireType == .fixed64 ? 8 : 4)
            return (UInt32(number), .fixed)
        }
    }

    private mutating func readVarint() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try reader.readUInt8()
            guard shift < 64, !(shift == 63 && byte > 1) else { throw .varintTooLong }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }
}

/// Field accessors that check the wire type a field must have.
extension ProtobufReader.FieldValue {
    func unsigned(field: String) throws(ProtobufError) -> UInt64 {
        guard case .varint(let value) = self else { throw .wrongWireType(field: field) }
        return value
    }

    func uint32(field: String) throws(ProtobufError) -> UInt32 {
        let value = try unsigned(field: field)
        guard value <= UInt64(UInt32.max) else { throw .valueOutOfRange(field: field) }
        return UInt32(value)
    }

    func bool(field: String) throws(ProtobufError) -> Bool {
        try unsigned(field: field) != 0
    }

    func data(field: String) throws(ProtobufError) -> [UInt8] {
        guard case .bytes(let slice) = self else { throw .wrongWireType(field: field) }
        return Array(slice)
    }

    func string(field: String) throws(ProtobufError) -> String {
        guard case .bytes(let slice) = self else { throw .wrongWireType(field: field) }
        guard let text = String(validating: slice, as: UTF8.self) else { throw .invalidUTF8(field: field) }
        return text
    }
}

/// Why a protobuf message could not be decoded.
public enum ProtobufError: ByteReadFailure, Equatable, Sendable, CustomStringConvertible {
    case truncated
    case varintTooLong
    case badFieldNumber
    case unsupportedWireType(UInt8)
    case wrongWireType(field: String)
    case valueOutOfRange(field: String)
    case invalidUTF8(field: String)
    case missingRequiredField(String)

    /// A protobuf message carries no field names on the wire: every shortfall is the same truncation.
    public static func truncated(context: String, field: String, needed: Int, available: Int) -> ProtobufError {
        .truncated
    }

    public var description: String {
        switch self {
        case .truncated: return "protobuf message ends inside a field"
        case .varintTooLong: return "protobuf varint longer than 64 bits"
        case .badFieldNumber: return "protobuf field number 0 or out of range"
        case .unsupportedWireType(let type): return "protobuf wire type \(type) (groups are not used by Trezor)"
        case .wrongWireType(let field): return "field \(field) has the wrong protobuf wire type"
        case .valueOutOfRange(let field): return "field \(field) is out of range"
        case .invalidUTF8(let field): return "field \(field) is not valid UTF-8"
        case .missingRequiredField(let field): return "required field \(field) is missing"
        }
    }
}
