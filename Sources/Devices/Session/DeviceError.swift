internal import CustosSupport
public import DeviceTransport

/// Why a conversation with a device failed, in words for the person at the device.
public enum DeviceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The device could not be opened or claimed (permissions, busy, gone).
    case cannotOpen(USBError)
    case transport(TransportError)
    case framing(FramingError)
    /// The device stopped sending in the middle of a message and the deadline passed.
    case stoppedMidMessage(received: Int, declared: Int?)
    case malformed(message: String, ProtobufError)
    case unexpectedReply(expected: String, received: String)
    /// The device answered `Failure`.
    case deviceFailure(code: UInt32?, message: String?)
    /// The device waits for something Custos does not provide (PIN, passphrase).
    case needsUserAction(String)
    case tooManyConfirmations(Int)
    /// A Ledger status word other than 0x9000.
    case ledgerStatus(UInt16)
    /// The device, its mode or its protocol is not supported for this operation.
    case unsupported(String)
    /// The UDP peer did not answer the emulator's readiness probe (refused, silent, or a wrong answer).
    case emulatorNotReady(EmulatorProbe)

    /// True when the device's bytes broke its protocol (exit code 2: unparsable), false for link or device-state
    /// problems (exit code 1: the check could not be made or was refused).
    public var isProtocolViolation: Bool {
        switch self {
        case .framing, .malformed, .unexpectedReply, .unsupported: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let error): return error.description
        case .transport(let error): return error.description
        case .framing(let error): return "the device broke its framing: \(error)"
        case .stoppedMidMessage(let received, let declared):
            let of = declared.map { " of \($0)" } ?? ""
            return "the device stopped in the middle of a message (\(received)\(of) bytes received) and timed out"
        case .malformed(let message, let error): return "malformed \(message) from the device: \(error)"
        case .unexpectedReply(let expected, let received):
            return "the device answered \(received) where \(expected) was expected"
        case .deviceFailure(let code, let message):
            // The message is the device's own text: escaped, so a hostile device cannot drive the terminal.
            return "the device refused: \(message?.escapingControlCharacters ?? "no message") "
                + "(failure code \(code.map(String.init) ?? "none"))"
        case .needsUserAction(let what): return what
        case .tooManyConfirmations(let count): return "the device asked for \(count) confirmations; giving up"
        case .ledgerStatus(let status): return LedgerStatusWord.explain(status)
        case .unsupported(let what): return what
        case .emulatorNotReady(let probe): return probe.description
        }
    }
}
