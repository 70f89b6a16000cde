internal import CustosSupport

/// Why a descriptor was refused. `.unsupported` marks valid descriptor syntax that Custos does not implement
/// (combo, rawtr, musig, miniscript), so callers can tell "wrong" from "not here".
public enum DescriptorError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidCharacter(Character)
    case invalidChecksum(String)
    case syntax(String)
    case invalidKey(String)
    case notAllowedHere(String)
    case invalidThreshold(String)
    case derivation(String)
    case unsupported(String)

    /// The message, with control characters escaped: reasons quote the descriptor, which may come from a file or
    /// a paste, and the CLI prints them.
    public var description: String { unescapedMessage.escapingControlCharacters }

    private var unescapedMessage: String {
        switch self {
        case .invalidCharacter(let character): return "descriptor: invalid character '\(character)'"
        case .invalidChecksum(let reason): return "descriptor checksum: \(reason)"
        case .syntax(let reason): return "descriptor: \(reason)"
        case .invalidKey(let reason): return "descriptor key: \(reason)"
        case .notAllowedHere(let reason): return "descriptor: \(reason)"
        case .invalidThreshold(let reason): return "descriptor threshold: \(reason)"
        case .derivation(let reason): return "descriptor derivation: \(reason)"
        case .unsupported(let what): return "descriptor: \(what) is not supported by Custos"
        }
    }
}
