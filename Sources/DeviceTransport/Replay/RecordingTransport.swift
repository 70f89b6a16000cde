/// A tap around another `Transport` that writes down the conversation as a `Transcript`: writes as `=>`, reads
/// as `<=`, a read that timed out as `!silent`, a disconnect as `!disconnect`, and a device slower than
/// `delayThreshold` as `!delay`.
public actor RecordingTransport: Transport {
    public nonisolated let name: String
    public nonisolated let reportSize: Int
    private let inner: any Transport
    private let delayThreshold: Duration
    private var entries: [Transcript.Entry] = []

    public init(recording inner: any Transport, delayThreshold: Duration = .milliseconds(100)) {
        self.inner = inner
        self.name = inner.name
        self.reportSize = inner.reportSize
        self.delayThreshold = delayThreshold
    }

    /// What has been recorded so far.
    public var transcript: Transcript {
        Transcript(entries: entries)
    }

    public func write(_ report: [UInt8], deadline: Deadline) async throws(TransportError) {
        do {
            try await inner.write(report, deadline: deadline)
            entries.append(Transcript.Entry(.hostWrites(report)))
        } catch {
            note(error)
            throw error
        }
    }

    public func read(deadline: Deadline) async throws(TransportError) -> [UInt8] {
        let start = ContinuousClock.now
        do {
            let report = try await inner.read(deadline: deadline)
            let waited = start.duration(to: .now)
            if waited >= delayThreshold { entries.append(Transcript.Entry(.delay(waited))) }
            entries.append(Transcript.Entry(.deviceSends(report)))
            return report
        } catch {
            note(error)
            throw error
        }
    }

    public func close() async {
        await inner.close()
    }

    private func note(_ error: TransportError) {
        switch error {
        case .timedOut: entries.append(Transcript.Entry(.silence))
        case .disconnected: entries.append(Transcript.Entry(.disconnect))
        default: break
        }
    }
}
