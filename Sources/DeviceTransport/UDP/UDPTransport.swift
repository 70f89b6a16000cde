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
        if socketDescriptor >= 0 { Glibc.close(socketDescriptor) }
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
        if socketDescriptor >= 0 { Glibc.close(socketDescriptor) }
        socketDescriptor = -1
    }

    private func send(_ bytes: [UInt8], deadline: Deadline) throws(TransportError) {
        guard socketDescriptor >= 0 else { throw .closed }
        guard !deadline.hasPassed else { throw .timedOut(operation: "send to \(name)") }
        while true {
            let sent = bytes.withUnsafeBytes { Glibc.send(socketDescriptor, $0.baseAddress, $0.count, 0) }
            if sent == bytes.count { return }
            if sent < 0 && errno == EINTR { continue }
            throw errorFromErrno(operation: "send to \(name)")
        }
    }

    /// Waits for one datagram. A datagram longer than `limit` is refused (its length is learnt with MSG_TRUNC, so
    /// nothing is allocated for it).
    private func receive(deadline: Deadline, limit: Int) throws(TransportError) -> [UInt8] {
        guard socketDescriptor >= 0 else { throw .closed }
        while true {
            guard !deadline.hasPassed else { throw .timedOut(operation: "read from \(name)") }
            var descriptor = pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, deadline.remainingMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw errorFromErrno(operation: "wait for \(name)")
            }
            if ready == 0 { continue }  // the loop's deadline check ends it
            var buffer = [UInt8](repeating: 0, count: limit)
            let count = buffer.withUnsafeMutableBytes {
                recv(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_TRUNC))
            }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw errorFromErrno(operation: "read from \(name)")
            }
            guard count <= limit else { throw .badReportSize(count, expected: limit) }
            return Array(buffer[..<count])
        }
    }

    private func errorFromErrno(operation: String) -> TransportError {
        let code = errno
        // ECONNREFUSED on a connected UDP socket: the peer's port answered "unreachable", nobody listens any more.
        if code == ECONNREFUSED { return .disconnected(reason: "nothing listens at \(name)") }
        return .network(operation: operation, reason: Self.errorText(code))
    }

    private static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
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
        var lastError: Int32 = 0
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            let descriptor = socket(
                current.pointee.ai_family, current.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                current.pointee.ai_protocol)
            if descriptor >= 0 {
                if connect(descriptor, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 { return descriptor }
                lastError = errno
                Glibc.close(descriptor)
            } else {
                lastError = errno
            }
            entry = current.pointee.ai_next
        }
        throw .network(operation: "connect to \(host):\(port)", reason: errorText(lastError))
    }
}
