public import DeviceTransport

/// Reads the challenge a recorded Trezor conversation expects: the one in its GetFirmwareHash request.
///
/// Used only by the explicit lab replay mode (`--replay-recorded-challenge`): a recorded answer can only ever match
/// its own recorded challenge, so that mode proves the transcript matches the image, not that a device does.
public enum TranscriptChallenge {
    public static func recorded(in transcript: Transcript) throws(DeviceError) -> [UInt8] {
        var decoder = TrezorV1Decoder()
        for report in transcript.hostWrites {
            let message: TrezorV1Message?
            do {
                message = try decoder.consume(report)
            } catch {
                throw .framing(error)
            }
            guard let message, message.type == TrezorMessageType.getFirmwareHash.rawValue else { continue }
            do {
                return try TrezorRequests.challenge(inGetFirmwareHash: message.payload)
            } catch {
                throw .malformed(message: "GetFirmwareHash in the transcript", error)
            }
        }
        throw .unsupported("the transcript has no GetFirmwareHash request, so it carries no challenge")
    }
}
