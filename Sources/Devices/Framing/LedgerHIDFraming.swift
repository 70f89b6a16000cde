/// Ledger's APDU framing over HID: each 64-byte report is channel (u16 BE, 0x0101) · tag 0x05 · sequence (u16 BE,
/// from 0); the first report adds the APDU length (u16 BE); data follows, zero-padded (57 bytes in the first
/// report, 59 in the next ones).
public enum LedgerHIDFraming {
    public static let reportSize = 64
    public static let channel: UInt16 = 0x0101
    public static let tag: UInt8 = 0x05

    /// Largest response Custos accepts. The length field allows 65,535 bytes; a Ledger's APDU buffer is 260 bytes
    /// (5 + 255) on Nano models, so 1 KiB leaves room for newer firmware and refuses anything absurd.
    public static let maximumResponseLength = 1024

    /// The reports carrying one command APDU.
    public static func encode(apdu: [UInt8], channel: UInt16 = channel) throws(FramingError) -> [[UInt8]] {
        guard apdu.count <= Int(UInt16.max) else { throw .messageTooLong(apdu.count, maximum: Int(UInt16.max)) }
        var reports: [[UInt8]] = []
        var offset = 0
        var sequence: UInt16 = 0
        repeat {
            var report: [UInt8] = [
                UInt8(channel >> 8), UInt8(channel & 0xff), tag, UInt8(sequence >> 8), UInt8(sequence & 0xff),
            ]
            if sequence == 0 { report += [UInt8(apdu.count >> 8), UInt8(apdu.count & 0xff)] }
            let end = min(offset + reportSize - report.count, apdu.count)
            report += apdu[offset..<end]
            report += [UInt8](repeating: 0, count: reportSize - report.count)
            reports.append(report)
            offset = end
            sequence &+= 1
        } while offset < apdu.count
        return reports
    }
}

/// Reassembles a Ledger APDU response (data followed by the 2-byte status word).
public struct LedgerHIDDecoder: FrameDecoder {
    public let channel: UInt16
    public let maximumLength: Int
    private var declaredLength: Int?
    private var sequence = 0
    private var data: [UInt8] = []

    public init(channel: UInt16 = LedgerHIDFraming.channel, maximumLength: Int = LedgerHIDFraming.maximumResponseLength)
    {
        self.channel = channel
        self.maximumLength = maximumLength
    }

    public var progress: (received: Int, declared: Int?) { (data.count, declaredLength) }

    public mutating func consume(_ report: [UInt8]) throws(FramingError) -> [UInt8]? {
        guard report.count == LedgerHIDFraming.reportSize else {
            throw .badReportSize(report.count, expected: LedgerHIDFraming.reportSize)
        }
        let receivedChannel = UInt16(report[0]) << 8 | UInt16(report[1])
        guard receivedChannel == channel else {
            throw .wrongChannel(expected: UInt32(channel), received: UInt32(receivedChannel))
        }
        guard report[2] == LedgerHIDFraming.tag else {
            throw .badMarker(protocolName: "Ledger APDU", firstBytes: report)
        }
        let receivedSequence = Int(report[3]) << 8 | Int(report[4])
        guard receivedSequence == sequence else { throw .wrongSequence(expected: sequence, received: receivedSequence) }
        var start = 5
        if declaredLength == nil {
            let length = Int(report[5]) << 8 | Int(report[6])
            guard length <= maximumLength else { throw .lengthBeyondMaximum(declared: length, maximum: maximumLength) }
            guard length >= 2 else {
                throw .badMarker(protocolName: "Ledger APDU response (no status word)", firstBytes: report)
            }
            declaredLength = length
            start = 7
        }
        let declared = declaredLength ?? 0
        data += report[start..<min(LedgerHIDFraming.reportSize, start + declared - data.count)]
        sequence += 1
        guard data.count >= declared else { return nil }
        let response = data
        self = LedgerHIDDecoder(channel: channel, maximumLength: maximumLength)
        return response
    }
}
