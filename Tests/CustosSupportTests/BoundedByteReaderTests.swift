import CustosSupport
import Testing

/// The shared bounded reader behind the Bitcoin, PSBT, firmware and protobuf parsers: byte order, slices that share
/// the input's indices, and a truncation error in the caller's own type naming what was short and by how much.
@Suite("Bounded byte reader")
struct BoundedByteReaderTests {
    struct Shortfall: ByteReadFailure, Equatable {
        let context: String
        let field: String
        let needed: Int
        let available: Int

        static func truncated(context: String, field: String, needed: Int, available: Int) -> Shortfall {
            Shortfall(context: context, field: field, needed: needed, available: available)
        }
    }

    @Test func readsLittleAndBigEndianFields() throws {
        var reader = BoundedByteReader<Shortfall>([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b])
        #expect(try reader.readUInt16() == 0x0201)
        #expect(try reader.readUInt32BigEndian() == 0x0304_0506)
        #expect(try reader.readUInt32() == 0x0a09_0807)
        #expect(try reader.readUInt8() == 0x0b)
        #expect(reader.isAtEnd)
        #expect(reader.consumedCount == 11)
    }

    @Test func readsSixtyFourBitValuesInTwosComplement() throws {
        var reader = BoundedByteReader<Shortfall>([UInt8](repeating: 0xff, count: 8) + [0x00, 0, 0, 0, 0, 0, 0, 0x80])
        #expect(try reader.readInt64() == -1)
        #expect(try reader.readUInt64() == 0x8000_0000_0000_0000)
    }

    @Test func slicesKeepTheInputsIndices() throws {
        let bytes: [UInt8] = [9, 9, 1, 2, 3, 4, 9]
        var reader = BoundedByteReader<Shortfall>(slice: bytes[2..<6])
        #expect(reader.position == 2)
        try reader.skip(1)
        let slice = try reader.readSlice(2)
        #expect(slice.startIndex == 3)
        #expect(Array(slice) == [2, 3])
        #expect(reader.remainingCount == 1)
        #expect(try reader.readBytes(1) == [4])
        #expect(throws: Shortfall(context: "", field: "byte", needed: 1, available: 0)) { try reader.readUInt8() }
    }

    @Test func aShortInputThrowsTheCallersErrorWithWhatWasMissing() {
        var reader = BoundedByteReader<Shortfall>([1, 2, 3], position: 1, context: "test header")
        #expect(throws: Shortfall(context: "test header", field: "length", needed: 4, available: 2)) {
            try reader.readUInt32("length")
        }
        // A failed read consumes nothing.
        #expect(reader.position == 1)
        #expect(throws: Shortfall(context: "test header", field: "payload", needed: 3, available: 2)) {
            try reader.readBytes(3, "payload")
        }
        #expect(throws: Shortfall(context: "test header", field: "reserved bytes", needed: -1, available: 2)) {
            try reader.skip(-1)
        }
        #expect(reader.remainingCount == 2)
    }
}
