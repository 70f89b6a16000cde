/// Coldcard's HID framing (ckcc-protocol): each 64-byte report starts with a framing byte whose low 6 bits give
/// the payload bytes in this report (at most 63), bit 0x80 marks the last report and bit 0x40 an encrypted one;
/// the byte is never zero.
public enum ColdcardFraming {
    public static let reportSize = 64
    static let lengthMask: UInt8 = 0x3f
    static let lastFlag: UInt8 = 0x80
    static let encryptedFlag: UInt8 = 0x40

    /// ckcc-protocol's `MAX_MSG_LEN`: 4 + 4 + 4 + 2048 bytes.
    public static let maximumMessageLength = 4 + 4 + 4 + 2048

    /// The reports carrying one unencrypted message (a 4-character command and its arguments).
    public static func encode(_ message: [UInt8]) throws(FramingError) -> [[UInt8]] {
        guard message.count <= maximumMessageLength else {
            throw .messageTooLong(message.count, maximum: maximumMessageLength)
        }
        var reports: [[UInt8]] = []
        var offset = 0
        repeat {
            let end = min(offset + 63, message.count)
            let isLast = end == message.count
            var report: [UInt8] = [UInt8(end - offset) | (isLast ? lastFlag : 0)]
            report += message[offset..<end]
            report += [UInt8](repeating: 0, count: reportSize - report.count)
            reports.append(report)
            offset = end
        } while offset < message.count
        return reports
    }
}

/// Reassembles a Coldcard response.
public struct ColdcardDecoder: FrameDecoder {
    private var message: [UInt8] = []

    public init() {}

    public var progress: (received: Int, declared: Int?) { (message.count, nil) }

    public mutating func consume(_ report: [UInt8]) throws(FramingError) -> [UInt8]? {
        guard report.count == ColdcardFraming.reportSize else {
            throw .badReportSize(report.count, expected: ColdcardFraming.reportSize)
        }
        let flags = report[0]
        guard flags != 0 else { throw .badMarker(protocolName: "Coldcard (framing byte 0)", firstBytes: report) }
        guard flags & ColdcardFraming.encryptedFlag == 0 else {
            throw .unsupported("the Coldcard sent an encrypted report; Custos does not speak its encrypted link")
        }
        let length = Int(flags & ColdcardFraming.lengthMask)
        guard message.count + length <= ColdcardFraming.maximumMessageLength else {
            throw .lengthBeyondMaximum(declared: message.count + length, maximum: ColdcardFraming.maximumMessageLength)
        }
        message += report[1..<(1 + length)]
        guard flags & ColdcardFraming.lastFlag != 0 else { return nil }
        let complete = message
        message = []
        return complete
    }
}
