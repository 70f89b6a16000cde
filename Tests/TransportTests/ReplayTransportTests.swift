import Testing

@testable import DeviceTransport

@Suite("replay and recording transports")
struct ReplayTransportTests {
    let write = [UInt8](repeating: 1, count: 64)
    let reply = [UInt8](repeating: 2, count: 64)

    @Test func playsTheDeviceSideAndChecksEveryWrite() async throws {
        let replay = ReplayTransport(transcript: Transcript([.hostWrites(write), .deviceSends(reply)]))
        try await replay.write(write, deadline: .after(.seconds(1)))
        #expect(try await replay.read(deadline: .after(.seconds(1))) == reply)
        #expect(await replay.isFinished)
    }

    @Test func aDifferentWriteIsAMismatchNamingTheLine() async throws {
        let replay = ReplayTransport(transcript: try Transcript.parse("# x\n=> " + String(repeating: "01", count: 64)))
        var other = write
        other[40] = 9
        await #expect(throws: TransportError.transcriptMismatch(line: 2, expected: write, written: other)) {
            try await replay.write(other, deadline: .after(.seconds(1)))
        }
    }

    @Test func outOfStepCallsAreTypedErrors() async throws {
        let replay = ReplayTransport(transcript: Transcript([.hostWrites(write), .deviceSends(reply)]))
        await #expect(throws: TransportError.self) { try await replay.read(deadline: .after(.seconds(1))) }
        try await replay.write(write, deadline: .after(.seconds(1)))
        await #expect(throws: TransportError.self) { try await replay.write(write, deadline: .after(.seconds(1))) }
        _ = try await replay.read(deadline: .after(.seconds(1)))
        await #expect(throws: TransportError.transcriptEnded(afterLine: 0)) {
            try await replay.read(deadline: .after(.seconds(1)))
        }
    }

    @Test func silenceTimesOutAtTheDeadline() async throws {
        let replay = ReplayTransport(transcript: Transcript([.silence, .deviceSends(reply)]))
        await #expect(throws: TransportError.timedOut(operation: "read from replay")) {
            try await replay.read(deadline: .after(.milliseconds(20)))
        }
        #expect(try await replay.read(deadline: .after(.seconds(1))) == reply)
    }

    @Test func aDelayLongerThanTheDeadlineTimesOutAndKeepsTheRest() async throws {
        let replay = ReplayTransport(transcript: Transcript([.delay(.milliseconds(80)), .deviceSends(reply)]))
        await #expect(throws: TransportError.self) { try await replay.read(deadline: .after(.milliseconds(10))) }
        #expect(try await replay.read(deadline: .after(.seconds(5))) == reply)
    }

    @Test func aDisconnectEndsEveryLaterCall() async throws {
        let replay = ReplayTransport(transcript: Transcript([.disconnect, .deviceSends(reply)]))
        await #expect(throws: TransportError.self) { try await replay.read(deadline: .after(.seconds(1))) }
        do {
            try await replay.write(write, deadline: .after(.seconds(1)))
            Issue.record("a write after a disconnect succeeded")
        } catch {
            guard case .disconnected = error else { throw error }
        }
    }

    @Test func aClosedTransportRefusesUse() async {
        let replay = ReplayTransport(transcript: Transcript([.deviceSends(reply)]))
        await replay.close()
        await #expect(throws: TransportError.closed) { try await replay.read(deadline: .after(.seconds(1))) }
    }

    @Test func theRecordingTapWritesTheConversationDown() async throws {
        let steps: [Transcript.Step] = [.hostWrites(write), .deviceSends(reply), .silence, .disconnect]
        let tap = RecordingTransport(recording: ReplayTransport(transcript: Transcript(steps)))
        try await tap.write(write, deadline: .after(.seconds(1)))
        _ = try await tap.read(deadline: .after(.seconds(1)))
        _ = try? await tap.read(deadline: .after(.milliseconds(10)))
        _ = try? await tap.read(deadline: .after(.seconds(1)))
        #expect(await tap.transcript.entries.map(\.step) == steps)
        let text = await tap.transcript.text()
        #expect(try Transcript.parse(text).entries.map(\.step) == steps)
    }
}
