public import CustosSupport

extension TransportError: CodedFailure {
    public enum Codes {
        public static let timeout = FailureCode(
            "transport.timeout", .environment, "The device did not take or give a report before the deadline.")
        public static let disconnected = FailureCode(
            "transport.disconnected", .environment, "The device went away (unplugged, reset, emulator stopped).")
        public static let network = FailureCode(
            "transport.network", .environment, "A socket to an emulator failed.")
        public static let reportSize = FailureCode(
            "transport.report-size", .environment, "A report of the wrong size for its link.")
        public static let transcript = FailureCode(
            "transport.transcript.diverged", .environment,
            "The host's conversation left the replayed transcript (other bytes, order, or past its end).")
        public static let closed = FailureCode("transport.closed", .environment, "A link was used after it was closed.")
    }

    public var code: FailureCode {
        switch self {
        case .timedOut: return Codes.timeout
        case .disconnected: return Codes.disconnected
        case .usb(let error): return error.code
        case .network: return Codes.network
        case .badReportSize: return Codes.reportSize
        case .transcriptMismatch, .transcriptOutOfStep, .transcriptEnded: return Codes.transcript
        case .closed: return Codes.closed
        }
    }

    public var context: [(key: String, value: String)] {
        switch self {
        case .transcriptMismatch(let line, _, _), .transcriptOutOfStep(let line, _): return [("line", String(line))]
        case .transcriptEnded(let line): return [("line", String(line))]
        default: return []
        }
    }
}

extension TranscriptError: CodedFailure {
    public enum Codes {
        public static let syntax = FailureCode(
            "transport.transcript.syntax", .malformed, "A line of a USB transcript file cannot be parsed.")
    }

    public var code: FailureCode { Codes.syntax }

    public var context: [(key: String, value: String)] { [("line", String(line))] }
}
