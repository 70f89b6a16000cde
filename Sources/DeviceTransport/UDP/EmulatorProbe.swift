internal import CustosSupport

/// What happened when Custos asked a UDP peer whether it is a ready emulator (`PINGPING` → `PONGPONG`,
/// usb-protocols.md §2.2). Each case is something that was observed, so a message can say which it was instead of
/// guessing.
public enum EmulatorProbe: Sendable, Equatable, CustomStringConvertible {
    /// The peer answered `PONGPONG`.
    case ready(endpoint: String, after: Duration)
    /// The port refused the datagram (ICMP port unreachable): nothing listens there.
    case refused(endpoint: String)
    /// No datagram came back before the timeout: nobody there, a firewall dropping datagrams, or an emulator busy
    /// waiting for input on its own screen (it does not answer pings then).
    case silent(endpoint: String, waited: Duration)
    /// Something answered, but not `PONGPONG`: not an emulator speaking this protocol.
    case unexpectedAnswer(endpoint: String, [UInt8])
    /// The datagram could not be sent or received for another reason (no route, ...).
    case failed(endpoint: String, TransportError)

    public var isReady: Bool {
        if case .ready = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .ready(let endpoint, let after):
            return "\(endpoint) answered PINGPING after \(Self.seconds(after))"
        case .refused(let endpoint):
            return "nothing listens at \(endpoint): the port refused the PINGPING datagram (start the emulator, or "
                + "check the port)"
        case .silent(let endpoint, let waited):
            return "no answer to PINGPING from \(endpoint) within \(Self.seconds(waited)) (nothing there, datagrams "
                + "dropped, or an emulator waiting for input on its screen, which does not answer pings)"
        case .unexpectedAnswer(let endpoint, let bytes):
            return "\(endpoint) answered PINGPING with \(bytes.count) bytes (\(Hex.short(bytes))) instead of "
                + "PONGPONG: not a Trezor emulator"
        case .failed(let endpoint, let error):
            return "cannot probe \(endpoint): \(error)"
        }
    }

    /// `0.25 s`, `2 s`: milliseconds precision, no trailing zeros.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return Thousandths.decimal(max(0, seconds) * 1000 + max(0, attoseconds) / 1_000_000_000_000_000) + " s"
    }
}
