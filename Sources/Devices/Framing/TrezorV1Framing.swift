/// Trezor protocol v1 ("wire v1"), used over WebUSB, HID and the emulator's UDP link: 64-byte reports; the first
/// is `?##`, message type (u16 BE), payload length (u32 BE) and 55 payload bytes; each next one is `?` and 63 more
/// bytes; zero padding.
public enum TrezorV1Framing {
    public static let reportSize = 64
    static let firstPayloadBytes = 55
    static let nextPayloadBytes = 63

    /// Largest payload Custos accepts from a device. The wire allows 4 GiB; the replies Custos reads (Features,
    /// FirmwareHash, Failure, ButtonRequest) stay under 2 KiB, so anything above 64 KiB is refused before any
    /// allocation.
    public static let maximumPayloadLength = 64 * 1024

    /// The reports carrying one message.
    public static func encode(type: UInt16, payload: [UInt8]) throws(FramingError) -> [[UInt8]] {
        guard payload.count <= maximumPayloadLength else {
            throw .messageTooLong(payload.count, maximum: maximumPayloadLength)
        }
        var stream: [UInt8] = [0x23, 0x23, UInt8(type >> 8), UInt8(type & 0xff)]
        let length = UInt32(payload.count)
        stream += [
            UInt8(length >> 24), UInt8((length >> 16) & 0xff), UInt8((length >> 8) & 0xff), UInt8(length & 0xff),
        ]
        stream += payload
        var reports: [[UInt8]] = []
        var offset = 0
        repeat {
            let end = min(offset + nextPayloadBytes, stream.count)
            var report: [UInt8] = [0x3f]
            report.reserveCapacity(reportSize)
            report += stream[offset..<end]
            report += [UInt8](repeating: 0, count: reportSize - report.count)
            reports.append(report)
            offset = end
        } while offset < stream.count
        return reports
    }
}

/// One reassembled Trezor v1 message.
public struct TrezorV1Message: Sendable, Equatable {
    public var type: UInt16
    public var payload: [UInt8]

    public init(type: UInt16, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }
}

/// Reassembles Trezor v1 reports. Memory grows only with bytes actually received, never with the declared length.
public struct TrezorV1Decoder: FrameDecoder {
    public let maximumPayloadLength: Int
    private var type: UInt16 = 0
    private var declaredLength: Int?
    private var payload: [UInt8] = []

    public init(maximumPayloadLength: Int = TrezorV1Framing.maximumPayloadLength) {
        self.maximumPayloadLength = maximumPayloadLength
    }

    public var progress: (received: Int, declared: Int?) { (payload.count, declaredLength) }

    public mutating func consume(_ report: [UInt8]) throws(FramingError) -> TrezorV1Message? {
        guard report.count == TrezorV1Framing.reportSize else {
            throw .badReportSize(report.count, expected: TrezorV1Framing.reportSize)
        }
        let take: ArraySlice<UInt8>
        if let declared = declaredLength {
            guard report[0] == 0x3f else {
                throw .badMarker(protocolName: "Trezor v1 continuation", firstBytes: report)
            }
            take = report[1..<(1 + min(TrezorV1Framing.nextPayloadBytes, declared - payload.count))]
        } else {
            guard report[0] == 0x3f, report[1] == 0x23, report[2] == 0x23 else {
                throw .badMarker(protocolName: "Trezor v1", firstBytes: report)
            }
            type = UInt16(report[3]) << 8 | UInt16(report[4])
            let length = Int(report[5]) << 24 | Int(report[6]) << 16 | Int(report[7]) << 8 | Int(report[8])
            guard length <= maximumPayloadLength else {
                throw .lengthBeyondMaximum(declared: length, maximum: maximumPayloadLength)
            }
            declaredLength = length
            payload.reserveCapacity(min(length, TrezorV1Framing.firstPayloadBytes))
            take = report[9..<(9 + min(TrezorV1Framing.firstPayloadBytes, length))]
        }
        payload += take
        guard let declared = declaredLength, payload.count >= declared else { return nil }
        let message = TrezorV1Message(type: type, payload: payload)
        self = TrezorV1Decoder(maximumPayloadLength: maximumPayloadLength)
        return message
    }
}
