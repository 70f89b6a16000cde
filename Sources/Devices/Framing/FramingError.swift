/// A report or message that breaks its vendor's framing rules. Thrown before anything is allocated for the
/// peer's declared length.
public enum FramingError: Error, Equatable, Sendable, CustomStringConvertible {
    case badReportSize(Int, expected: Int)
    /// The report does not start with the protocol's marker (Trezor `?##` / `?`, Ledger tag 0x05, ...).
    case badMarker(protocolName: String, firstBytes: [UInt8])
    /// The peer declares a message longer than the protocol (or Custos, for the messages it accepts) allows.
    case lengthBeyondMaximum(declared: Int, maximum: Int)
    case wrongSequence(expected: Int, received: Int)
    case wrongChannel(expected: UInt32, received: UInt32)
    /// A message Custos would send is too long for the protocol.
    case messageTooLong(Int, maximum: Int)
    /// The peer asks for a feature Custos does not speak (Coldcard's encrypted link, a U2FHID error frame, ...).
    case unsupported(String)

    public var description: String {
        switch self {
        case .badReportSize(let size, let expected):
            return "report of \(size) bytes where \(expected) are expected"
        case .badMarker(let name, let bytes):
            return
                "not a \(name) report (starts with \(bytes.prefix(8).map { String($0, radix: 16) }.joined(separator: " ")))"
        case .lengthBeyondMaximum(let declared, let maximum):
            return "the device declares a \(declared)-byte message, beyond the maximum of \(maximum)"
        case .wrongSequence(let expected, let received):
            return "report sequence \(received) where \(expected) is expected"
        case .wrongChannel(let expected, let received):
            return "report for channel \(String(received, radix: 16)) on channel \(String(expected, radix: 16))"
        case .messageTooLong(let length, let maximum):
            return "a \(length)-byte message is longer than the protocol's \(maximum)"
        case .unsupported(let what):
            return what
        }
    }
}

/// A reassembler for one vendor's framing: fed reports one by one, it returns the message once complete.
public protocol FrameDecoder {
    associatedtype Message
    /// Bytes of payload received so far and the length the peer declared (nil before the first report), for
    /// "stopped mid-message" errors.
    var progress: (received: Int, declared: Int?) { get }
    mutating func consume(_ report: [UInt8]) throws(FramingError) -> Message?
}
