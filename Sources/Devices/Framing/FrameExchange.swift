public import DeviceTransport

/// Moves whole messages over a `Transport`: writes a message's reports, reads reports into a decoder until the
/// message is complete. A deadline bounds the whole exchange.
public enum FrameExchange {
    public static func send(
        _ reports: [[UInt8]], over transport: any Transport, deadline: Deadline
    )
        async throws(DeviceError)
    {
        for report in reports {
            do {
                try await transport.write(report, deadline: deadline)
            } catch {
                throw .transport(error)
            }
        }
    }

    /// Reads until `decoder` yields a message. A timeout after part of a message is `.stoppedMidMessage`.
    public static func receive<Decoder: FrameDecoder>(
        into decoder: inout Decoder, over transport: any Transport, deadline: Deadline
    ) async throws(DeviceError) -> Decoder.Message {
        while true {
            let report: [UInt8]
            do {
                report = try await transport.read(deadline: deadline)
            } catch {
                if case .timedOut = error, decoder.progress.declared != nil || decoder.progress.received > 0 {
                    throw .stoppedMidMessage(received: decoder.progress.received, declared: decoder.progress.declared)
                }
                throw .transport(error)
            }
            do {
                if let message = try decoder.consume(report) { return message }
            } catch {
                throw .framing(error)
            }
        }
    }
}
