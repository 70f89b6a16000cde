/// Where in a PSBT something was found.
public enum PSBTLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    case file
    case global
    case input(Int)
    case output(Int)

    public var description: String {
        switch self {
        case .file: return "PSBT"
        case .global: return "global map"
        case .input(let index): return "input \(index)"
        case .output(let index): return "output \(index)"
        }
    }
}

/// Why bytes are not a valid PSBT. The reasons follow Bitcoin Core's wording where Core has one, so a refusal can be
/// compared with `bitcoin-cli decodepsbt`.
public struct PSBTDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public let location: PSBTLocation
    public let reason: String

    public init(_ location: PSBTLocation, _ reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { "\(location): \(reason)" }
}
