public import DeviceTransport

/// APDU exchanges with a Ledger over its HID framing.
public struct LedgerSession: Sendable {
    public let transport: any Transport

    public init(transport: any Transport) {
        self.transport = transport
    }

    /// Sends one command APDU and returns the response data (status word removed) when the status is 0x9000.
    public func exchange(_ apdu: [UInt8], deadline: Deadline) async throws(DeviceError) -> [UInt8] {
        let reports: [[UInt8]]
        do {
            reports = try LedgerHIDFraming.encode(apdu: apdu)
        } catch {
            throw .framing(error)
        }
        try await FrameExchange.send(reports, over: transport, deadline: deadline)
        var decoder = LedgerHIDDecoder()
        let response = try await FrameExchange.receive(into: &decoder, over: transport, deadline: deadline)
        let status = UInt16(response[response.count - 2]) << 8 | UInt16(response[response.count - 1])
        guard status == LedgerStatusWord.ok else { throw .ledgerStatus(status) }
        return Array(response.dropLast(2))
    }

    /// GET_APP_AND_VERSION (`B0 01 00 00 00`): the open app's name and version; "BOLOS" and the OS version on the
    /// dashboard.
    public func appAndVersion(deadline: Deadline) async throws(DeviceError) -> LedgerAppAndVersion {
        let data = try await exchange([0xB0, 0x01, 0x00, 0x00, 0x00], deadline: deadline)
        return try LedgerAppAndVersion(decoding: data)
    }
}

/// The reply to GET_APP_AND_VERSION: format 0x01 · name (length-prefixed) · version (length-prefixed) · flags.
public struct LedgerAppAndVersion: Sendable, Equatable {
    public var name: String
    public var version: String
    public var flags: [UInt8]

    public init(decoding data: [UInt8]) throws(DeviceError) {
        var offset = 1
        func field(_ label: String) throws(DeviceError) -> [UInt8] {
            guard offset < data.count else { throw .malformed(message: "app and version", .truncated) }
            let length = Int(data[offset])
            offset += 1
            guard data.count - offset >= length else { throw .malformed(message: "app and version", .truncated) }
            defer { offset += length }
            return Array(data[offset..<(offset + length)])
        }
        guard data.first == 0x01 else {
            throw .unexpectedReply(expected: "app-and-version format 1", received: "format \(data.first ?? 0)")
        }
        guard let name = String(validating: try field("name"), as: UTF8.self),
            let version = String(validating: try field("version"), as: UTF8.self)
        else { throw .malformed(message: "app and version", .invalidUTF8(field: "name or version")) }
        self.name = name
        self.version = version
        flags = offset < data.count ? try field("flags") : []
    }
}

/// Ledger status words Custos explains.
public enum LedgerStatusWord {
    public static let ok: UInt16 = 0x9000

    static func explain(_ status: UInt16) -> String {
        let hex = String(status, radix: 16)
        switch status {
        case 0x5515: return "the Ledger is locked: unlock it with its PIN (status \(hex))"
        case 0x6E00, 0x6D00, 0x6E01, 0x6511:
            return
                "the open Ledger app does not know this command: open the dashboard or the Bitcoin app (status \(hex))"
        case 0x6985: return "the request was refused on the Ledger (status \(hex))"
        default: return "the Ledger answered status \(hex)"
        }
    }
}
