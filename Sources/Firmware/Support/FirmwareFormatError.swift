/// Why bytes are not a firmware image Custos can read: truncated, inconsistent, or of an unsupported kind.
///
/// Only malformed bytes throw; an image that parses but fails a hash, signature or policy check is reported as a
/// value by `FirmwareVerifier`.
public enum FirmwareFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case unrecognised(firstBytes: String)
    case unsupported(format: String, reason: String)
    case truncated(what: String, field: String, needed: Int, available: Int)
    case invalidField(what: String, field: String, reason: String)
    case trailingBytes(what: String, count: Int)

    public var description: String {
        switch self {
        case .empty:
            return "the file is empty"
        case .unrecognised(let firstBytes):
            return "unrecognised firmware image (first bytes \(firstBytes)): not a Trezor, Coldcard, BitBox02, "
                + "Passport or Jade image"
        case .unsupported(let format, let reason):
            return "unsupported \(format) image: \(reason)"
        case .truncated(let what, let field, let needed, let available):
            return "truncated \(what): \(field) needs \(needed) bytes but only \(available) remain"
        case .invalidField(let what, let field, let reason):
            return "invalid \(what): \(field) \(reason)"
        case .trailingBytes(let what, let count):
            return "\(count) unexpected trailing bytes after the \(what)"
        }
    }
}
