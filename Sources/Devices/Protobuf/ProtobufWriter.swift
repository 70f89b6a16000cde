/// A minimal protobuf writer for the Trezor requests Custos sends (Initialize, GetFirmwareHash, ButtonAck, ...).
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ number: UInt32, _ value: UInt64) {
        appendVarint(UInt64(number) << 3)
        appendVarint(value)
    }

    mutating func bool(_ number: UInt32, _ value: Bool) {
        varint(number, value ? 1 : 0)
    }

    mutating func data(_ number: UInt32, _ value: [UInt8]) {
        appendVarint(UInt64(number) << 3 | 2)
        appendVarint(UInt64(value.count))
        bytes += value
    }

    private mutating func appendVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(remaining & 0x7f) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }
}
