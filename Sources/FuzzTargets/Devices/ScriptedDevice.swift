internal import DeviceTransport

/// A device that sends the fuzz input as its reports, whatever the host writes, then falls silent. It records the
/// host's writes so a target can check what the session sent.
actor ScriptedDevice: Transport {
    nonisolated let name = "fuzz"
    nonisolated let reportSize = 64
    private var reports: [[UInt8]]
    private(set) var written: [[UInt8]] = []

    init(reports: [[UInt8]]) {
        self.reports = reports
    }

    func write(_ report: [UInt8], deadline: Deadline) throws(TransportError) {
        written.append(report)
    }

    func read(deadline: Deadline) throws(TransportError) -> [UInt8] {
        guard !reports.isEmpty else { throw .timedOut(operation: "read from the fuzzed device") }
        return reports.removeFirst()
    }

    func close() {}
}
