internal import CustosSupport

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// `Transport` over UDP, one report per datagram: the Trezor emulator protocol (`127.0.0.1:21324` by default).
///
/// An actor on a thread of its own: `poll` blocks until a datagram or the deadline, and must not hold a thread of
/// the cooperative pool.
public actor UDPTransport: Transport {
    private let executor: DedicatedThreadExecutor
    private var socketDescriptor: Int32
    public nonisolated let name: String
    public nonisolated let reportSize: Int

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Resolves `host` (numeric or a name in /etc/hosts) and connects a datagram socket to `host:port`.
    public init(host: String, port: UInt16, reportSize: Int = 64) throws(TransportError) {
        name = "udp:\(host):\(port)"
        self.reportSize = reportSize
        executor = DedicatedThreadExecutor(name: "custos-udp")
        socketDescriptor = try Self.connectedSocket(host: host, port: port)
    }

    /// Parses `HOST:PORT` (`[::1]:21324` for IPv6) and connects.
    public init(endpoint: String, reportSize: Int = 64) throws(TransportError) {
        guard let (host, port) = Self.split(endpoint) else {
            throw .network(operation: "parse \(endpoint)", reason: "expected HOST:PORT, e.g. 127.0.0.1:21324")
        }
        try self.init(host: host, port: port, reportSize: reportSize)
    }

    deinit {
        if socketDescriptor >= 0 { SystemCall.close(socketDescriptor) }
    }

    /// Splits `HOST:PORT`; nil when the port is missing or not a number in 1...65535.
    public nonisolated static func split(_ endpoint: String) -> (host: String, port: UInt16)? {
        guard let colon = endpoint.lastIndex(of: ":") else { return nil }
        var host = endpoint[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, let port = UInt16(endpoint[endpoint.index(after: colon)...]), port != 0 else {
            return nil
        }
        return (String(host), port)
    }

    /// The emulator's readiness probe: sends `PINGPING`, expects `PONGPONG` by `deadline`.
    public func ping(deadline: Deadline) throws(TransportError) -> Bool {
        try send(Array("PINGPING".utf8), deadline: deadline)
        return try receive(deadline: deadline, limit: reportSize) == Array("PONGPONG".utf8)
    }

    /// The readiness probe with what actually happened: answered, refused by the port, silent for the whole
    /// `timeout`, or answered with something else. One datagram each way: a late `PONGPONG` from a resent ping
    /// would otherwise arrive as the first report of the session.
    public func probe(timeout: Duration) -> EmulatorProbe {
        let started = ContinuousClock.now
        let deadline = Deadline(started.advanced(by: timeout))
        do {
            try send(Array("PINGPING".utf8), deadline: deadline)
            let answer = try receive(deadline: deadline, limit: reportSize)
            guard answer == Array("PONGPONG".utf8) else { return .unexpectedAnswer(endpoint: name, answer) }
            return .ready(endpoint: name, after: started.duration(to: .now))
        } catch .timedOut {
            return .silent(endpoint: name, waited: timeout)
        } catch .disconnected {
            return .refused(endpoint: name)
        } catch {
            return .failed(endpoint: name, error)
        }
    }

    public func write(_ report: [UInt8], deadline: Deadline) throws(TransportError) {
        guard report.count == reportSize else { throw .badReportSize(report.count, expected: reportSize) }
        try send(report, deadline: deadline)
    }

    public func read(deadline: Deadline) throws(TransportError) -> [UInt8] {
        try receive(deadline: deadline, limit: reportSize)
    }

    public func close() {
        if socketDescriptor >= 0 { SystemCall.close(socketDescriptor) }
        socketDescriptor = -1
    }

    private func send(_ bytes: [UInt8], deadline: Deadline) throws(TransportError) {
        guard socketDescriptor >= 0 else { throw .closed }
        guard !deadline.hasPassed else { throw .timedOut(operation: "send to \(name)") }
        let sent: Int
        do {
            sent = try SystemCall.run("send") {
                bytes.withUnsafeBytes { Glibc.send(socketDescriptor, $0.baseAddress, $0.count, 0) }
            }
        } catch {
            throw transportError(error, operation: "send to \(name)")
        }
        guard sent == bytes.count else {
            throw .network(operation: "send to \(name)", reason: "sent \(sent) of \(bytes.count) bytes")
        }
    }

    /// Waits for one datagram. A datagram longer than `limit` is refused (its length is learnt with MSG_TRUNC, so
    /// nothing is allocated for it).
    private func receive(deadline: Deadline, limit: Int) throws(TransportError) -> [UInt8] {
        guard socketDescriptor >= 0 else { throw .closed }
        while true {
            guard !deadline.hasPassed else { throw .timedOut(operation: "read from \(name)") }
            var descriptor = pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0)
            let ready: Int32
            do {
                // Retried after a signal with the time then remaining.
                ready = try SystemCall.run("poll") { poll(&descriptor, 1, deadline.remainingMilliseconds) }
            } catch {
                throw transportError(error, operation: "wait for \(name)")
            }
            if ready == 0 { continue }  // the loop's deadline check ends it
            var buffer = [UInt8](repeating: 0, count: limit)
            let count: Int
            do {
                count = try SystemCall.run("recv") {
                    buffer.withUnsafeMutableBytes { recv(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_TRUNC)) }
                }
            } catch  where error.wouldBlock {
                continue  // a readiness that did not last: wait again
            } catch {
                throw transportError(error, operation: "read from \(name)")
            }
            guard count <= limit else { throw .badReportSize(count, expected: limit) }
            return Array(buffer[..<count])
        }
    }

    private func transportError(_ error: SystemError, operation: String) -> TransportError {
        // ECONNREFUSED on a connected UDP socket: the peer's port answered "unreachable", nobody listens any more.
        if error.isConnectionRefused { return .disconnected(reason: "nothing listens at \(name)") }
        return .network(operation: operation, reason: error.reason)
    }

    private static func connectedSocket(host: String, port: UInt16) throws(TransportError) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            let reason = gai_strerror(status).map { String(cString: $0) } ?? "cannot resolve"
            throw .network(operation: "resolve \(host)", reason: reason)
        }
        defer { freeaddrinfo(results) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            entry = current.pointee.ai_next
            let descriptor: Int32
            do {
                descriptor = try SystemCall.run("socket") {
                    socket(
                        current.pointee.ai_family, current.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                        current.pointee.ai_protocol)
                }
            } catch {
                lastError = error.reason
                continue
            }
            do {
                _ = try SystemCall.run("connect") {
                    connect(descriptor, current.pointee.ai_addr, current.pointee.ai_addrlen)
                }
                return descriptor
            } catch {
                lastError = error.reason
                SystemCall.close(descriptor)
            }
        }
        throw .network(operation: "connect to \(host):\(port)", reason: lastError)
    }
}
