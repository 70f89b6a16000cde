import Testing

@testable import Devices

@Suite("hand protobuf codec")
struct ProtobufTests {
    @Test func writerAndReaderAgree() throws {
        var writer = ProtobufWriter()
        writer.varint(2, 300)
        writer.bool(5, true)
        writer.data(1, [1, 2, 3])
        writer.varint(100_000, UInt64.max)
        // 300 = ac 02 (protobuf spec example).
        #expect(Array(writer.bytes[0..<3]) == [0x10, 0xac, 0x02])
        var reader = ProtobufReader(writer.bytes)
        guard case .varint(300)? = try reader.next()?.value else { Issue.record("300"); return }
        guard case .varint(1)? = try reader.next()?.value else { Issue.record("bool"); return }
        guard case .bytes(let bytes)? = try reader.next()?.value, Array(bytes) == [1, 2, 3] else {
            Issue.record("bytes"); return
        }
        let last = try reader.next()
        #expect(last?.number == 100_000)
        guard case .varint(UInt64.max)? = last?.value else { Issue.record("max"); return }
        #expect(try reader.next() == nil)
    }

    @Test(
        arguments: [
            ([0x0a, 0x05, 0x01], ProtobufError.truncated), ([0x10], .truncated),
            ([0x10] + [UInt8](repeating: 0xff, count: 10) + [0x01], .varintTooLong), ([0x0b], .unsupportedWireType(3)),
            ([0x00, 0x01], .badFieldNumber), ([0x0d, 0x01], .truncated),
        ] as [([UInt8], ProtobufError)])
    func malformedInputIsATypedError(bytes: [UInt8], error: ProtobufError) {
        var reader = ProtobufReader(bytes)
        #expect(throws: error) { while try reader.next() != nil {} }
    }

    @Test func featuresNeedTheirVersionAndCheckWireTypes() {
        #expect(throws: ProtobufError.missingRequiredField("major_version")) {
            try TrezorFeatures(decoding: [0x0a, 0x01, 0x41])
        }
        #expect(throws: ProtobufError.wrongWireType(field: "vendor")) { try TrezorFeatures(decoding: [0x08, 0x01]) }
        #expect(throws: ProtobufError.invalidUTF8(field: "label")) {
            try TrezorFeatures(decoding: [0x10, 1, 0x18, 2, 0x20, 3, 0x52, 0x01, 0xff])
        }
        #expect(throws: ProtobufError.missingRequiredField("hash")) { try TrezorFirmwareHashReply.hash(decoding: []) }
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        let payload: [UInt8] = [
            0x10, 1, 0x18, 2, 0x20, 3, 0xf9, 0x07, 1, 2, 3, 4, 5, 6, 7, 8, 0xfd, 0x07, 1, 2, 3, 4, 0xfa, 0x07, 0x01,
            0x00,
        ]
        let features = try TrezorFeatures(decoding: payload)
        #expect(features.version == "1.2.3")
    }
}
