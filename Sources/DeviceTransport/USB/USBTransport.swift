/// `Transport` over one claimed USB interface with an interrupt IN and an interrupt OUT endpoint.
///
/// Reports are written bare (64 bytes): the 0x00 report-ID byte some hosts prepend is a hidapi convention that
/// raw interrupt transfers do not use.
public struct USBTransport: Transport {
    public let connection: USBDeviceConnection
    public let inEndpoint: UInt8
    public let outEndpoint: UInt8
    public let reportSize: Int

    public var name: String { connection.device.locator }

    /// Opens `device` through `host`, claims `interface` and returns the link. On failure nothing stays claimed.
    public static func open(
        host: USBHost, device: USBDeviceDescription, interface: UInt8, inEndpoint: UInt8, outEndpoint: UInt8,
        reportSize: Int = 64
    ) async throws(USBError) -> USBTransport {
        let connection = try await host.open(device)
        do {
            try await connection.claim(interface: interface)
        } catch {
            await connection.close()
            throw error
        }
        return USBTransport(
            connection: connection, inEndpoint: inEndpoint, outEndpoint: outEndpoint, reportSize: reportSize)
    }

    public init(connection: USBDeviceConnection, inEndpoint: UInt8, outEndpoint: UInt8, reportSize: Int = 64) {
        self.connection = connection
        self.inEndpoint = inEndpoint
        self.outEndpoint = outEndpoint
        self.reportSize = reportSize
    }

    public func write(_ report: [UInt8], deadline: Deadline) async throws(TransportError) {
        guard report.count == reportSize else { throw .badReportSize(report.count, expected: reportSize) }
        try await connection.interruptWrite(endpoint: outEndpoint, report, deadline: deadline)
    }

    public func read(deadline: Deadline) async throws(TransportError) -> [UInt8] {
        try await connection.interruptRead(endpoint: inEndpoint, length: reportSize, deadline: deadline)
    }

    public func close() async {
        await connection.close()
    }
}
