/// U2FHID framing as BitBox02 uses it (HWI's `bitbox02_lib`): an init report is channel ID (u32 BE) · command
/// (bit 7 set) · length (u16 BE) · 57 data bytes; continuation reports are channel ID · sequence (0...0x7F) · 59
/// data bytes; padding is 0xEE.
public enum U2FHIDFraming {
    public static let reportSize = 64
    static let initDataBytes = 57
    static let continuationDataBytes = 59
    static let padding: UInt8 = 0xEE

    /// The protocol's own maximum: one init report and 128 continuations.
    public static let maximumPayloadLength = 57 + 128 * 59

    public static let commandPing: UInt8 = 0x81
    public static let commandMessage: UInt8 = 0x83
    public static let commandInit: UInt8 = 0x86
    public static let commandError: UInt8 = 0xBF
    /// BitBox02's HWW command.
    public static let commandBitBoxHWW: UInt8 = 0xC1

    public static func encode(channelID: UInt32, command: UInt8, payload: [UInt8]) throws(FramingError) -> [[UInt8]] {
        guard payload.count <= maximumPayloadLength else {
            throw .messageTooLong(payload.count, maximum: maximumPayloadLength)
        }
        let channel = [
            UInt8(channelID >> 24), UInt8((channelID >> 16) & 0xff), UInt8((channelID >> 8) & 0xff),
            UInt8(channelID & 0xff),
        ]
        var reports: [[UInt8]] = []
        var report = channel + [command | 0x80, UInt8(payload.count >> 8), UInt8(payload.count & 0xff)]
        var offset = min(initDataBytes, payload.count)
        report += payload[0..<offset]
        reports.append(report + [UInt8](repeating: padding, count: reportSize - report.count))
        var sequence: UInt8 = 0
        while offset < payload.count {
            let end = min(offset + continuationDataBytes, payload.count)
            report = channel + [sequence] + payload[offset..<end]
            reports.append(report + [UInt8](repeating: padding, count: reportSize - report.count))
            offset = end
            sequence += 1
        }
        return reports
    }
}

/// One reassembled U2FHID message.
public struct U2FHIDMessage: Sendable, Equatable {
    public var command: UInt8
    public var payload: [UInt8]
}

/// Reassembles U2FHID reports for one channel.
public struct U2FHIDDecoder: FrameDecoder {
    public let channelID: UInt32
    private var command: UInt8?
    private var declaredLength = 0
    private var sequence: UInt8 = 0
    private var payload: [UInt8] = []

    public init(channelID: UInt32) {
        self.channelID = channelID
    }

    public var progress: (received: Int, declared: Int?) { (payload.count, command == nil ? nil : declaredLength) }

    public mutating func consume(_ report: [UInt8]) throws(FramingError) -> U2FHIDMessage? {
        guard report.count == U2FHIDFraming.reportSize else {
            throw .badReportSize(report.count, expected: U2FHIDFraming.reportSize)
        }
        let channel = UInt32(report[0]) << 24 | UInt32(report[1]) << 16 | UInt32(report[2]) << 8 | UInt32(report[3])
        guard channel == channelID else { throw .wrongChannel(expected: channelID, received: channel) }
        if command == nil {
            guard report[4] & 0x80 != 0 else { throw .badMarker(protocolName: "U2FHID init", firstBytes: report) }
            let length = Int(report[5]) << 8 | Int(report[6])
            guard length <= U2FHIDFraming.maximumPayloadLength else {
                throw .lengthBeyondMaximum(declared: length, maximum: U2FHIDFraming.maximumPayloadLength)
            }
            command = report[4] & 0x7f
            declaredLength = length
            payload += report[7..<(7 + min(U2FHIDFraming.initDataBytes, length))]
        } else {
            guard report[4] & 0x80 == 0 else {
                throw .badMarker(protocolName: "U2FHID continuation", firstBytes: report)
            }
            guard report[4] == sequence else { throw .wrongSequence(expected: Int(sequence), received: Int(report[4])) }
            sequence += 1
            payload += report[5..<(5 + min(U2FHIDFraming.continuationDataBytes, declaredLength - payload.count))]
        }
        guard let command, payload.count >= declaredLength else { return nil }
        let message = U2FHIDMessage(command: command | 0x80, payload: payload)
        self = U2FHIDDecoder(channelID: channelID)
        if message.command == U2FHIDFraming.commandError {
            throw .unsupported(
                "the device answered with U2FHID error \(message.payload.first.map { String($0) } ?? "?")")
        }
        return message
    }
}
