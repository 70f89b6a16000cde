import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

@testable import Devices

@Suite("Trezor protocol v1 framing")
struct TrezorFramingTests {
    /// Payload lengths around every chunk boundary (55 in the first report, 63 in each next one).
    static let lengths = [0, 1, 54, 55, 56, 117, 118, 119, 181, 182, 500, 4096]

    @Test func trezorlibAgreesWithOurEncoderAndDecoderBothWays() throws {
        var messages: [(UInt16, [UInt8])] = []
        for (index, length) in Self.lengths.enumerated() {
            messages.append((UInt16(index * 7), (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }))
        }
        let ours = try messages.map { try TrezorV1Framing.encode(type: $0.0, payload: $0.1) }
        let request: [String: Any] = [
            "decode": ours.map { $0.map(\.hexString) },
            "encode": messages.map { ["type": Int($0.0), "payload": $0.1.hexString] },
        ]
        let outcome = try PythonOracle.run(
            script: "Tests/DevicesTests/Oracles/trezor_frames.py", [],
            standardInput: try JSONSerialization.data(withJSONObject: request))
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let answer = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        let decoded = try #require(answer["decoded"] as? [[String: Any]])
        let encoded = try #require(answer["encoded"] as? [[String]])
        var passed = 0
        for (index, message) in messages.enumerated() {
            // trezorlib reassembles our reports into the same message...
            #expect(decoded[index]["type"] as? Int == Int(message.0))
            #expect(decoded[index]["payload"] as? String == message.1.hexString)
            // ...and its reports are byte for byte ours, which our decoder reassembles.
            #expect(encoded[index] == ours[index].map(\.hexString))
            var decoder = TrezorV1Decoder()
            var result: TrezorV1Message?
            for report in try encoded[index].map(hexBytes) { result = try decoder.consume(report) }
            #expect(result == TrezorV1Message(type: message.0, payload: message.1))
            passed += 1
        }
        reportVectorCount("Trezor v1 framing vs trezorlib", passed: passed, total: messages.count)
    }

    @Test func documentedByteExamples() throws {
        // usb-protocols.md §2.1: Initialize is `3f2323 0000 00000000` + 55 zero bytes.
        #expect(
            try TrezorV1Framing.encode(type: 0, payload: []) == [[0x3f, 0x23, 0x23] + [UInt8](repeating: 0, count: 61)])
        let challenge = [UInt8](repeating: 0xab, count: 32)
        let reports = try TrezorV1Framing.encode(
            type: 88, payload: TrezorRequests.getFirmwareHash(challenge: challenge))
        #expect(reports.count == 1)
        #expect(Array(reports[0][0..<11]) == [0x3f, 0x23, 0x23, 0x00, 0x58, 0x00, 0x00, 0x00, 0x22, 0x0a, 0x20])
    }

    @Test func garbageIsATypedError() {
        var decoder = TrezorV1Decoder()
        #expect(throws: FramingError.self) { try decoder.consume(Array(0..<64)) }
    }

    @Test func aWrongReportSizeIsATypedError() {
        var decoder = TrezorV1Decoder()
        #expect(throws: FramingError.badReportSize(65, expected: 64)) {
            try decoder.consume([0x3f, 0x23, 0x23] + [UInt8](repeating: 0, count: 62))
        }
    }

    @Test func aLengthBeyondTheMaximumIsRefusedBeforeAllocating() {
        var decoder = TrezorV1Decoder()
        let header: [UInt8] = [0x3f, 0x23, 0x23, 0x00, 0x11, 0xff, 0xff, 0xff, 0xff]
        #expect(
            throws: FramingError.lengthBeyondMaximum(
                declared: 0xffff_ffff, maximum: TrezorV1Framing.maximumPayloadLength)
        ) {
            try decoder.consume(header + [UInt8](repeating: 0, count: 55))
        }
    }

    @Test func aBadContinuationMarkerIsATypedError() throws {
        var decoder = TrezorV1Decoder()
        let reports = try TrezorV1Framing.encode(type: 17, payload: [UInt8](repeating: 1, count: 100))
        #expect(try decoder.consume(reports[0]) == nil)
        var broken = reports[1]
        broken[0] = 0x40
        #expect(throws: FramingError.self) { try decoder.consume(broken) }
    }

    @Test func anOversizedRequestIsRefused() {
        #expect(throws: FramingError.self) {
            try TrezorV1Framing.encode(
                type: 1, payload: [UInt8](repeating: 0, count: TrezorV1Framing.maximumPayloadLength + 1))
        }
    }
}
