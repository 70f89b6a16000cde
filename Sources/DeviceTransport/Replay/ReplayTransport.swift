/// `Transport` that plays the device's side of a `Transcript`: it checks every report the host writes against the
/// next `=>` line and answers reads with the `<=` lines, honouring delays, silences and disconnects.
///
/// It is strict: a write that differs from the transcript in any byte (a different challenge, say) fails with
/// `.transcriptMismatch` naming the line. A recorded conversation therefore can never answer a fresh challenge;
/// see `custos devices attest --replay-recorded-challenge` for the explicit lab mode.
public actor ReplayTransport: Transport {
    public nonisolated let name: String
    public nonisolated let reportSize: Int
    private let entries: [Transcript.Entry]
    private var position = 0
    private var pendingDelay: Duration?
    private var isDisconnected = false
    private var isClosed = false

    public init(transcript: Transcript, name: String = "replay", reportSize: Int = 64) {
        self.entries = transcript.entries
        self.name = name
        self.reportSize = reportSize
    }

    /// Whether every line of the transcript has been played.
    public var isFinished: Bool {
        position >= entries.count
    }

    /// The line the replay is at (0 when finished), for messages.
    public var currentLine: Int {
        position < entries.count ? entries[position].line : 0
    }

    public func write(_ report: [UInt8], deadline: Deadline) throws(TransportError) {
        try checkOpen()
        // A delay describes the device's pace before its next report; it does not hold up the host's writes.
        while position < entries.count, case .delay = entries[position].step { position += 1 }
        guard position < entries.count else { throw .transcriptEnded(afterLine: entries.last?.line ?? 0) }
        let entry = entries[position]
        switch entry.step {
        case .hostWrites(let expected):
            guard expected == report else {
                throw .transcriptMismatch(line: entry.line, expected: expected, written: report)
            }
            position += 1
        case .disconnect:
            isDisconnected = true
            throw .disconnected(reason: "the transcript disconnects at line \(entry.line)")
        case .deviceSends, .silence:
            throw .transcriptOutOfStep(line: entry.line, detail: "the host wrote while the device had its turn")
        case .delay:
            throw .transcriptOutOfStep(line: entry.line, detail: "unexpected delay")
        }
    }

    public func read(deadline: Deadline) async throws(TransportError) -> [UInt8] {
        try checkOpen()
        while true {
            guard position < entries.count else { throw .transcriptEnded(afterLine: entries.last?.line ?? 0) }
            let entry = entries[position]
            switch entry.step {
            case .delay(let duration):
                let wanted = pendingDelay ?? duration
                let available = deadline.remaining
                if wanted > available {
                    // The device is slower than the reader's deadline: wait it out, keep the rest for a retry.
                    await Self.sleep(available)
                    pendingDelay = wanted - max(available, .zero)
                    throw .timedOut(operation: "read from \(name)")
                }
                await Self.sleep(wanted)
                pendingDelay = nil
                position += 1
            case .deviceSends(let bytes):
                position += 1
                return bytes
            case .silence:
                await Self.sleep(deadline.remaining)
                position += 1
                throw .timedOut(operation: "read from \(name)")
            case .disconnect:
                isDisconnected = true
                throw .disconnected(reason: "the transcript disconnects at line \(entry.line)")
            case .hostWrites:
                throw .transcriptOutOfStep(
                    line: entry.line, detail: "the host read while the transcript expects it to write")
            }
        }
    }

    public func close() {
        isClosed = true
    }

    private func checkOpen() throws(TransportError) {
        if isClosed { throw .closed }
        if isDisconnected { throw .disconnected(reason: "the transcript's device went away") }
    }

    private static func sleep(_ duration: Duration) async {
        guard duration > .zero else { return }
        try? await Task.sleep(for: duration)
    }
}
