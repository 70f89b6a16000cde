import CustosCrypto
import CustosTestSupport
import Devices
import Foundation
import Testing

/// The framing-trezor-v1 inputs (seeds, regressions and, with `CUSTOS_FUZZ_CORPUS=.fuzz/corpus`, the corpus a
/// fuzzing run grew) through Custos's decoder and trezorlib's `protocol_v1.read`: both must reassemble the same
/// messages and stop the same way. The one intended difference: Custos refuses a declared length above 64 KiB
/// before reading on, where trezorlib would wait for up to 4 GiB.
@Suite("Trezor v1 reassembly agrees with trezorlib")
struct TrezorlibDifferentialTests {
    struct Outcome: Equatable, CustomStringConvertible {
        var messages: [TrezorV1Message]
        var end: String

        var description: String {
            "\(messages.map { "\($0.type):\($0.payload.count)B" }) then \(end)"
        }
    }

    @Test func decoderAgreesWithTrezorlibOnEveryInput() throws {
        let streams = try Self.inputs().map { Array($0.prefix($0.count / 64 * 64)) }.filter { !$0.isEmpty }
        let request = try JSONSerialization.data(withJSONObject: ["streams": streams.map(\.hexString)])
        let outcome = try PythonOracle.run(
            script: "Tests/FuzzRegressionTests/Oracles/trezor_v1_streams.py", [], standardInput: request)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let answer = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        let results = try #require(answer["results"] as? [[String: Any]])
        try #require(results.count == streams.count)
        var compared = 0
        for (stream, result) in zip(streams, results) {
            let ours = Self.decode(stream)
            guard let ours else { continue }  // a length above Custos's maximum: refused by policy
            let messages = try #require(result["messages"] as? [[String: Any]]).map { message in
                TrezorV1Message(
                    type: UInt16(message["type"] as? Int ?? -1),
                    payload: [UInt8](hex: message["payload"] as? String ?? "") ?? [])
            }
            let theirs = Outcome(messages: messages, end: result["end"] as? String ?? "?")
            #expect(ours == theirs, "stream \(stream.prefix(16).hexString)…: Custos \(ours), trezorlib \(theirs)")
            compared += 1
        }
        #expect(compared >= 10)
        reportVectorCount("Trezor v1 streams vs trezorlib", passed: compared, total: streams.count)
    }

    /// Custos's reading of a stream, as the oracle reports it; nil when Custos refuses a length by policy.
    static func decode(_ stream: [UInt8]) -> Outcome? {
        var decoder = TrezorV1Decoder()
        var outcome = Outcome(messages: [], end: "clean")
        for start in stride(from: 0, to: stream.count, by: 64) {
            do {
                if let message = try decoder.consume(Array(stream[start..<(start + 64)])) {
                    outcome.messages.append(message)
                }
            } catch .lengthBeyondMaximum {
                return nil
            } catch {
                outcome.end = "error"
                return outcome
            }
        }
        if decoder.progress.declared != nil { outcome.end = "incomplete" }
        return outcome
    }

    static func inputs() throws -> [[UInt8]] {
        var folders = [
            try SeedCorpus.shared.get().appendingPathComponent("framing-trezor-v1"),
            FuzzRegressionTests.regressions.appendingPathComponent("framing-trezor-v1"),
        ]
        if let corpus = ProcessInfo.processInfo.environment["CUSTOS_FUZZ_CORPUS"] {
            folders.append(URL(fileURLWithPath: corpus).appendingPathComponent("framing-trezor-v1"))
        }
        var inputs = try folders.flatMap(FuzzRegressionTests.files(in:)).compactMap {
            FileManager.default.contents(atPath: $0.path).map { [UInt8]($0) }
        }
        // Edges: an empty message, a bad continuation, a 64 KiB message cut short.
        inputs.append([0x3f, 0x23, 0x23, 0x00, 0x02, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 55))
        inputs.append(
            [0x3f, 0x23, 0x23, 0x00, 0x11, 0, 0, 0, 100] + [UInt8](repeating: 7, count: 55) + [0x21]
                + [UInt8](repeating: 0, count: 63))
        inputs.append([0x3f, 0x23, 0x23, 0x00, 0x11, 0, 1, 0, 0] + [UInt8](repeating: 1, count: 55 + 64 * 3))
        return inputs
    }
}
