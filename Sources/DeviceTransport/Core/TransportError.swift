/// Why a report could not be moved over a link. Every case carries plain words for the person at the device.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The deadline passed before the device took or gave a report.
    case timedOut(operation: String)
    /// The device went away (unplugged, reset, or the emulator stopped).
    case disconnected(reason: String)
    /// A libusb failure other than a timeout or a disconnect (permission, busy, a Custos bug, ...).
    case usb(USBError)
    /// A socket failure on a UDP link.
    case network(operation: String, reason: String)
    /// A report of the wrong size for this link.
    case badReportSize(Int, expected: Int)
    /// The host wrote something other than what the replayed transcript expects at `line`.
    case transcriptMismatch(line: Int, expected: [UInt8], written: [UInt8])
    /// The host wrote when the transcript says the device speaks next (or read when the host should write).
    case transcriptOutOfStep(line: Int, detail: String)
    /// The host went on after the transcript's last line.
    case transcriptEnded(afterLine: Int)
    /// The link was used after `close()`.
    case closed

    public var description: String {
        switch self {
        case .timedOut(let operation):
            return "\(operation) timed out: the device did not answer in time"
        case .disconnected(let reason):
            return "device disconnected (\(reason))"
        case .usb(let error):
            return error.description
        case .network(let operation, let reason):
            return "\(operation) failed: \(reason)"
        case .badReportSize(let size, let expected):
            return "report of \(size) bytes where the link carries \(expected)-byte reports"
        case .transcriptMismatch(let line, let expected, let written):
            return "the host wrote \(Hex.short(written)) but transcript line \(line) expects \(Hex.short(expected))"
        case .transcriptOutOfStep(let line, let detail):
            return "out of step with transcript line \(line): \(detail)"
        case .transcriptEnded(let line):
            return "the transcript ended at line \(line) but the host went on"
        case .closed:
            return "the link is closed"
        }
    }
}

/// Short hex for messages: the first bytes of a report, without its zero padding.
enum Hex {
    static func string(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func short(_ bytes: [UInt8]) -> String {
        var end = bytes.count
        while end > 0 && bytes[end - 1] == 0 { end -= 1 }
        let shown = bytes[..<min(end, 24)]
        return string(shown) + (end > 24 ? "…" : "") + (end < bytes.count ? " (zero-padded to \(bytes.count))" : "")
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for character in text.utf8 {
            if character == UInt8(ascii: " ") || character == UInt8(ascii: "\t") { continue }
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return high == nil ? bytes : nil
    }
}

extension TransportError {
}
