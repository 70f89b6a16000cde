internal import CustosSupport

/// A conversation with a device, one report per line, as text (the format is documented in
/// `Vectors/usb/README.md`):
///
///     # comment
///     => 3f23230000...      the host writes this report
///     <= 3f23230011...      the device sends this report
///     !delay 250ms          the device takes this long before its next report
///     !silent               the device does not answer the next read (it times out at the reader's deadline)
///     !disconnect           the device goes away: this and every later call fails with "disconnected"
///
/// Hex digits may be grouped with spaces. Reports are written in full (no implied padding).
public struct Transcript: Sendable, Equatable {
    public enum Step: Sendable, Equatable {
        case hostWrites([UInt8])
        case deviceSends([UInt8])
        case delay(Duration)
        case silence
        case disconnect
    }

    /// One step and the line it came from (1-based; 0 for steps built in code).
    public struct Entry: Sendable, Equatable {
        public var line: Int
        public var step: Step

        public init(line: Int = 0, _ step: Step) {
            self.line = line
            self.step = step
        }
    }

    /// Longest report a line may hold: far above any 64-byte report, and a bound on what a line can allocate.
    public static let maximumReportBytes = 4096

    public var entries: [Entry]

    public init(_ steps: [Step]) {
        entries = steps.map { Entry($0) }
    }

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The reports the host is expected to write, in order.
    public var hostWrites: [[UInt8]] {
        entries.compactMap { if case .hostWrites(let bytes) = $0.step { bytes } else { nil } }
    }

    /// Parses transcript text; a bad line is a typed error naming the line.
    public static func parse(_ text: String) throws(TranscriptError) -> Transcript {
        var entries: [Entry] = []
        var lineNumber = 0
        // Split on the byte: a Character "\r\n" is not "\n", so splitting the String would leave a CRLF file one line.
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Substring(rawLine).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("=>") || line.hasPrefix("<=") {
                let hex = line.dropFirst(2)
                guard hex.utf8.count <= 2 * maximumReportBytes + 2 * maximumReportBytes / 2 else {
                    throw TranscriptError(line: lineNumber, reason: "report longer than \(maximumReportBytes) bytes")
                }
                guard let bytes = Hex.decode(hex), !bytes.isEmpty, bytes.count <= maximumReportBytes else {
                    throw TranscriptError(line: lineNumber, reason: "expected hex digits after \(line.prefix(2))")
                }
                entries.append(Entry(line: lineNumber, line.hasPrefix("=>") ? .hostWrites(bytes) : .deviceSends(bytes)))
            } else if line.hasPrefix("!") {
                let words = line.dropFirst().split(separator: " ", omittingEmptySubsequences: true)
                switch words.first {
                case "delay":
                    guard words.count == 2, let duration = parseDuration(words[1]) else {
                        throw TranscriptError(
                            line: lineNumber, reason: "expected `!delay N` with ms, s or us, e.g. 250ms")
                    }
                    entries.append(Entry(line: lineNumber, .delay(duration)))
                case "silent" where words.count == 1:
                    entries.append(Entry(line: lineNumber, .silence))
                case "disconnect" where words.count == 1:
                    entries.append(Entry(line: lineNumber, .disconnect))
                default:
                    throw TranscriptError(
                        line: lineNumber,
                        reason:
                            "unknown directive \(String(line.prefix(40)).escapingControlCharacters); known: !delay, "
                            + "!silent, !disconnect")
                }
            } else {
                throw TranscriptError(line: lineNumber, reason: "a line starts with =>, <=, ! or #")
            }
        }
        return Transcript(entries: entries)
    }

    /// The transcript as text, `header` lines first as comments.
    public func text(header: [String] = []) -> String {
        var output = ""
        for line in header { output += "# \(line)\n" }
        for entry in entries {
            switch entry.step {
            case .hostWrites(let bytes): output += "=> \(Hex.string(bytes))\n"
            case .deviceSends(let bytes): output += "<= \(Hex.string(bytes))\n"
            case .delay(let duration): output += "!delay \(Self.durationText(duration))\n"
            case .silence: output += "!silent\n"
            case .disconnect: output += "!disconnect\n"
            }
        }
        return output
    }

    /// The duration in the largest unit that holds it exactly, so a transcript written out reads back the same; a
    /// recorded delay finer than that (and longer than `!delay` allows in microseconds) is cut to milliseconds.
    private static func durationText(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let exactMicroseconds = attoseconds % 1_000_000_000_000 == 0
        if exactMicroseconds && microseconds % 1_000_000 == 0 { return "\(seconds)s" }
        if !exactMicroseconds || microseconds % 1000 == 0 || microseconds > maximumDelayValue {
            return "\(microseconds / 1000)ms"
        }
        return "\(microseconds)us"
    }

    /// Largest number `!delay` takes, in any unit.
    private static let maximumDelayValue: Int64 = 3_600_000

    private static func parseDuration(_ word: Substring) -> Duration? {
        let units: [(String, (Int64) -> Duration)] = [
            ("ms", { .milliseconds($0) }), ("us", { .microseconds($0) }), ("s", { .seconds($0) }),
        ]
        for (suffix, make) in units where word.hasSuffix(suffix) {
            guard let value = Int64(word.dropLast(suffix.count)), value >= 0, value <= maximumDelayValue else {
                return nil
            }
            return make(value)
        }
        return nil
    }
}

/// A transcript line that cannot be parsed.
public struct TranscriptError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String {
        "transcript line \(line): \(reason)"
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" || first == "\r" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
        return result
    }
}
