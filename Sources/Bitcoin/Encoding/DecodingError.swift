/// Why bytes could not be decoded as a Bitcoin structure. Every case names what was being read, so a caller can
/// report "input 3: witness UTXO: truncated" rather than a bare failure.
public enum DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended before `what` was complete.
    case truncated(String)
    /// A compact-size integer used more bytes than its value needs (Bitcoin Core refuses these).
    case nonCanonicalCompactSize
    /// A length or count above Bitcoin's 32 MiB serialization limit, or above what the remaining input can hold.
    case sizeTooLarge(String)
    /// Bytes were left over after a structure that must fill its container exactly.
    case trailingBytes(String)
    /// The bytes were read but do not form a valid value.
    case invalid(String)

    public var description: String {
        switch self {
        case .truncated(let what): return "\(what): unexpected end of data"
        case .nonCanonicalCompactSize: return "non-canonical compact size"
        case .sizeTooLarge(let what): return "\(what): size too large"
        case .trailingBytes(let what): return "\(what): unexpected bytes after the end"
        case .invalid(let reason): return reason
        }
    }
}
