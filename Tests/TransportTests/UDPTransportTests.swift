import Foundation
import Glibc
import Synchronization
import Testing

@testable import DeviceTransport

/// A loopback UDP peer of our own: answers PINGPING, plays a transcript's device side (every report the device
/// sends after one host write, e.g. a 3-report Features), and can drop an answer, hold its replies until the test
/// releases them (a late answer without depending on scheduling), answer with an oversized datagram, answer the
/// ping wrongly or stay silent.
final class LoopbackPeer: Sendable {
    enum Behaviour: Sendable {
        case replay(Transcript)
        case dropFirstReply(Transcript)
        case holdRepliesUntilReleased(Transcript)
        case oversized
        /// Receives everything and answers nothing, not even PINGPING (an emulator busy with its screen).
        case silent
        /// Answers PINGPING with these bytes instead of PONGPONG.
        case answersPing([UInt8])
    }

    let port: UInt16
    private let descriptor: Int32
    private let stopped = Atomic<Bool>(false)
    private let released = DispatchSemaphore(value: 0)

    private init(_ behaviour: Behaviour) throws {
        (descriptor, port) = try Self.boundSocket()
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// A UDP socket bound to a free loopback port, and the port.
    static func boundSocket() throws -> (descriptor: Int32, port: UInt16) {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(descriptor, pointer, length) == 0 else { return -1 }
                return getsockname(descriptor, pointer, &length)
            }
        }
        guard bound == 0 else {
            close(descriptor)
            throw TransportError.network(operation: "bind", reason: "failed")
        }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }

    /// A loopback port nobody listens on: bound to learn a free number, then closed.
    static func closedPort() throws -> UInt16 {
        let (descriptor, port) = try boundSocket()
        close(descriptor)
        return port
    }

    static func start(_ behaviour: Behaviour) throws -> LoopbackPeer {
        let peer = try LoopbackPeer(behaviour)
        Thread { peer.serve(behaviour) }.start()
        return peer
    }

    deinit {
        close(descriptor)
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        released.signal()
    }

    /// Lets a peer started with `.holdRepliesUntilReleased` send its held reply.
    func release() {
        released.signal()
    }

    private func serve(_ behaviour: Behaviour) {
        var replies: [[[UInt8]]] = []
        var holdReplies = false
        var dropNext = false
        var pong: [UInt8]? = Array("PONGPONG".utf8)
        switch behaviour {
        case .replay(let transcript): replies = Self.replies(transcript)
        case .dropFirstReply(let transcript):
            replies = Self.replies(transcript)
            dropNext = true
        case .holdRepliesUntilReleased(let transcript):
            replies = Self.replies(transcript)
            holdReplies = true
        case .oversized: replies = [[[UInt8](repeating: 7, count: 100)]]
        case .silent: pong = nil
        case .answersPing(let bytes): pong = bytes
        }
        var buffer = [UInt8](repeating: 0, count: 2048)
        var peer = sockaddr_storage()
        while !stopped.load(ordering: .acquiring) {
            var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = withUnsafeMutablePointer(to: &peer) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    buffer.withUnsafeMutableBytes {
                        recvfrom(descriptor, $0.baseAddress, $0.count, 0, address, &peerLength)
                    }
                }
            }
            guard count > 0 else { continue }
            let datagram = Array(buffer[..<count])
            var answers: [[UInt8]] = []
            if datagram == Array("PINGPING".utf8) {
                answers = pong.map { [$0] } ?? []
            } else if datagram.first == 0x3f, !replies.isEmpty {
                answers = replies.removeFirst()
                if dropNext {
                    dropNext = false
                    answers = []
                }
            }
            guard !answers.isEmpty else { continue }
            if holdReplies { released.wait() }
            for answer in answers {
                _ = withUnsafePointer(to: &peer) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                        answer.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, address, peerLength) }
                    }
                }
            }
        }
    }

    /// The device's reports grouped by the host write they answer (the host messages here are one report each).
    private static func replies(_ transcript: Transcript) -> [[[UInt8]]] {
        var groups: [[[UInt8]]] = []
        var wroteSinceReply = false
        for entry in transcript.entries {
            switch entry.step {
            case .hostWrites:
                wroteSinceReply = true
            case .deviceSends(let bytes):
                if wroteSinceReply || groups.isEmpty {
                    groups.append([])
                    wroteSinceReply = false
                }
                groups[groups.count - 1].append(bytes)
            default:
                break
            }
        }
        return groups
    }
}

@Suite("UDP transport against a loopback peer")
struct UDPTransportTests {
    let request = [UInt8]([0x3f, 0x23, 0x23]) + [UInt8](repeating: 0, count: 61)
    let reply = [UInt8]([0x3f, 0x23, 0x23, 0x00, 0x02]) + [UInt8](repeating: 0, count: 59)
    var transcript: Transcript { Transcript([.hostWrites(request), .deviceSends(reply)]) }

    @Test func answersPingAndReplaysATranscript() async throws {
        let peer = try LoopbackPeer.start(.replay(transcript))
        defer { peer.stop() }
        let link = try UDPTransport(host: "127.0.0.1", port: peer.port)
        #expect(try await link.ping(deadline: .after(.seconds(2))))
        try await link.write(request, deadline: .after(.seconds(2)))
        #expect(try await link.read(deadline: .after(.seconds(2))) == reply)
        await link.close()
        await #expect(throws: TransportError.closed) { try await link.read(deadline: .after(.seconds(1))) }
    }

    @Test func aDroppedDatagramTimesOutAndTheLinkRecovers() async throws {
        let peer = try LoopbackPeer.start(
            .dropFirstReply(
                Transcript([.hostWrites(request), .deviceSends(reply), .hostWrites(request), .deviceSends(reply)])))
        defer { peer.stop() }
        let link = try UDPTransport(endpoint: "127.0.0.1:\(peer.port)")
        try await link.write(request, deadline: .after(.seconds(1)))
        await #expect(throws: TransportError.timedOut(operation: "read from udp:127.0.0.1:\(peer.port)")) {
            try await link.read(deadline: .after(.milliseconds(100)))
        }
        try await link.write(request, deadline: .after(.seconds(1)))
        #expect(try await link.read(deadline: .after(.seconds(2))) == reply)
    }

    @Test func aDelayedDatagramArrivesWithinALongerDeadline() async throws {
        let peer = try LoopbackPeer.start(.holdRepliesUntilReleased(transcript))
        defer { peer.stop() }
        let link = try UDPTransport(host: "127.0.0.1", port: peer.port)
        try await link.write(request, deadline: .after(.seconds(1)))
        // The peer holds its answer, so this read times out whatever the machine's load.
        await #expect(throws: TransportError.self) { try await link.read(deadline: .after(.milliseconds(20))) }
        peer.release()
        #expect(try await link.read(deadline: .after(.seconds(5))) == reply)
    }

    @Test func anOversizedDatagramIsRefused() async throws {
        let peer = try LoopbackPeer.start(.oversized)
        defer { peer.stop() }
        let link = try UDPTransport(host: "127.0.0.1", port: peer.port)
        try await link.write(request, deadline: .after(.seconds(1)))
        await #expect(throws: TransportError.badReportSize(100, expected: 64)) {
            try await link.read(deadline: .after(.seconds(2)))
        }
    }

    @Test func nobodyListeningIsADisconnectOrTimeout() async throws {
        let link = try UDPTransport(host: "127.0.0.1", port: 9)
        try? await link.write(request, deadline: .after(.seconds(1)))
        do {
            _ = try await link.read(deadline: .after(.milliseconds(200)))
            Issue.record("read from a closed port succeeded")
        } catch {
            switch error {
            case .disconnected, .timedOut: break
            default: Issue.record("unexpected \(error)")
            }
        }
    }

    @Test(arguments: ["127.0.0.1", "nohost", "127.0.0.1:0", "127.0.0.1:99999", ":21324"])
    func badEndpointsAreRefused(endpoint: String) {
        #expect(UDPTransport.split(endpoint) == nil)
    }

    @Test func endpointsSplit() {
        #expect(UDPTransport.split("127.0.0.1:21324")! == ("127.0.0.1", 21324))
        #expect(UDPTransport.split("[::1]:21324")! == ("::1", 21324))
    }

    // The emulator-gated session (CUSTOS_TREZOR_EMU) lives in DevicesTests/EmulatorSessionTests.swift: it needs the
    // Trezor session code, not only this transport.
}
