import CustosCrypto
import Testing

@testable import Devices

@Suite("Ledger, Coldcard and U2FHID framing")
struct VendorFramingTests {
    @Test func ledgerDocumentedGetAppAndVersionReport() throws {
        // usb-protocols.md §2.4: `0101 05 0000 0005 b001000000` + 52 zero bytes.
        let reports = try LedgerHIDFraming.encode(apdu: [0xB0, 0x01, 0x00, 0x00, 0x00])
        #expect(
            reports == [
                [0x01, 0x01, 0x05, 0x00, 0x00, 0x00, 0x05, 0xB0, 0x01, 0x00, 0x00, 0x00]
                    + [UInt8](repeating: 0, count: 52)
            ])
    }

    @Test(arguments: [2, 57, 58, 116, 117, 118, 300, 1024])
    func ledgerRoundTripsAcrossReportBoundaries(length: Int) throws {
        let response = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        let reports = try LedgerHIDFraming.encode(apdu: response)
        #expect(reports.count == (length <= 57 ? 1 : 1 + (length - 57 + 58) / 59))
        var decoder = LedgerHIDDecoder()
        var result: [UInt8]?
        for report in reports { result = try decoder.consume(report) }
        #expect(result == response)
    }

    @Test func ledgerMalformedReportsAreTypedErrors() throws {
        var decoder = LedgerHIDDecoder()
        #expect(throws: FramingError.self) {
            try decoder.consume([0x02, 0x02, 0x05] + [UInt8](repeating: 0, count: 61))
        }
        decoder = LedgerHIDDecoder()
        #expect(throws: FramingError.self) {
            try decoder.consume([0x01, 0x01, 0x02] + [UInt8](repeating: 0, count: 61))
        }
        decoder = LedgerHIDDecoder()
        #expect(
            throws: FramingError.lengthBeyondMaximum(declared: 0xffff, maximum: LedgerHIDFraming.maximumResponseLength)
        ) {
            try decoder.consume([0x01, 0x01, 0x05, 0x00, 0x00, 0xff, 0xff] + [UInt8](repeating: 0, count: 57))
        }
        decoder = LedgerHIDDecoder()
        let reports = try LedgerHIDFraming.encode(apdu: [UInt8](repeating: 7, count: 100))
        _ = try decoder.consume(reports[0])
        var skipped = reports[1]
        skipped[4] = 5
        #expect(throws: FramingError.wrongSequence(expected: 1, received: 5)) { try decoder.consume(skipped) }
    }

    @Test func ledgerAppAndVersionReplyDecodes() throws {
        let data: [UInt8] = [0x01, 0x05] + Array("BOLOS".utf8) + [0x05] + Array("2.2.3".utf8) + [0x01, 0x02]
        let app = try LedgerAppAndVersion(decoding: data)
        #expect(app == (try LedgerAppAndVersion(decoding: data)))
        #expect(app.name == "BOLOS" && app.version == "2.2.3" && app.flags == [0x02])
        #expect(throws: DeviceError.self) { try LedgerAppAndVersion(decoding: [0x01, 0x09, 0x41]) }
        #expect(throws: DeviceError.self) { try LedgerAppAndVersion(decoding: [0x02]) }
    }

    @Test(arguments: [0, 1, 62, 63, 64, 126, 127, 2060])
    func coldcardRoundTrips(length: Int) throws {
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &+ 1) }
        let reports = try ColdcardFraming.encode(message)
        #expect(reports.allSatisfy { $0.count == 64 && $0[0] != 0 })
        #expect(reports.last.map { $0[0] & 0x80 != 0 } == true)
        var decoder = ColdcardDecoder()
        var result: [UInt8]?
        for report in reports { result = try decoder.consume(report) }
        #expect(result == message)
    }

    @Test func coldcardMalformedReportsAreTypedErrors() {
        var decoder = ColdcardDecoder()
        #expect(throws: FramingError.self) { try decoder.consume([UInt8](repeating: 0, count: 64)) }
        #expect(throws: FramingError.self) { try decoder.consume([0xC5] + [UInt8](repeating: 0, count: 63)) }
        #expect(throws: FramingError.self) { try ColdcardFraming.encode([UInt8](repeating: 0, count: 2061)) }
        // A peer that never sets the last flag cannot grow the message past the protocol maximum.
        decoder = ColdcardDecoder()
        var thrown: FramingError?
        for _ in 0..<40 {
            do { _ = try decoder.consume([0x3f] + [UInt8](repeating: 1, count: 63)) } catch {
                thrown = error
                break
            }
        }
        #expect(thrown == .lengthBeyondMaximum(declared: 33 * 63, maximum: ColdcardFraming.maximumMessageLength))
    }

    @Test(arguments: [0, 57, 58, 116, 117, U2FHIDFraming.maximumPayloadLength])
    func u2fhidRoundTrips(length: Int) throws {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        let reports = try U2FHIDFraming.encode(
            channelID: 0x1234_5678, command: U2FHIDFraming.commandBitBoxHWW, payload: payload)
        #expect(Array(reports[0][0..<5]) == [0x12, 0x34, 0x56, 0x78, 0xC1])
        var decoder = U2FHIDDecoder(channelID: 0x1234_5678)
        var result: U2FHIDMessage?
        for report in reports { result = try decoder.consume(report) }
        #expect(result == U2FHIDMessage(command: 0xC1, payload: payload))
        if length < 57 { #expect(reports[0].last == 0xEE) }
    }

    @Test func u2fhidMalformedReportsAreTypedErrors() throws {
        var decoder = U2FHIDDecoder(channelID: 1)
        #expect(throws: FramingError.wrongChannel(expected: 1, received: 2)) {
            try decoder.consume([0, 0, 0, 2, 0x83, 0, 0] + [UInt8](repeating: 0xEE, count: 57))
        }
        #expect(throws: FramingError.self) {
            try decoder.consume([0, 0, 0, 1, 0x03, 0, 0] + [UInt8](repeating: 0xEE, count: 57))
        }
        #expect(throws: FramingError.self) {
            try decoder.consume([0, 0, 0, 1, 0x83, 0xff, 0xff] + [UInt8](repeating: 0xEE, count: 57))
        }
        #expect(throws: FramingError.self) {
            try decoder.consume([0, 0, 0, 1, 0xBF, 0, 1, 0x7f] + [UInt8](repeating: 0xEE, count: 56))
        }
        #expect(throws: FramingError.self) {
            try U2FHIDFraming.encode(channelID: 1, command: 0x83, payload: [UInt8](repeating: 0, count: 7610))
        }
    }
}
