internal import Devices

/// The device message decoders on their own (faster to explore than through the framing): the first input byte
/// picks the decoder, the rest is the message. Trezor protobuf messages and Ledger's app-and-version reply.
public enum DeviceMessageFuzzTargets {
    enum Message: UInt8, CaseIterable {
        case trezorFeatures
        case trezorFailure
        case trezorButtonRequest
        case trezorGetFirmwareHash
        case ledgerAppAndVersion
    }

    public static func decode(_ bytes: [UInt8]) throws(InvariantFailure) {
        guard let first = bytes.first else { return }
        let payload = Array(bytes.dropFirst())
        var texts: [String] = []
        switch Message.allCases[Int(first) % Message.allCases.count] {
        case .trezorFeatures:
            let features: TrezorFeatures
            do {
                features = try TrezorFeatures(decoding: payload)
            } catch {
                texts.append(error.description)
                break
            }
            let parts = features.version.split(separator: ".")
            try InvariantFailure.require(
                parts.count == 3 && parts.allSatisfy { UInt32($0) != nil }, "Features version \(features.version)")
        case .trezorFailure:
            do {
                _ = try TrezorFailure(decoding: payload)
            } catch {
                texts.append(error.description)
            }
        case .trezorButtonRequest:
            do {
                _ = try TrezorButtonRequest(decoding: payload)
            } catch {
                texts.append(error.description)
            }
        case .trezorGetFirmwareHash:
            // The request Custos writes decodes back to its challenge.
            let request = TrezorRequests.getFirmwareHash(challenge: payload)
            let challenge = try? TrezorRequests.challenge(inGetFirmwareHash: request)
            try InvariantFailure.require(challenge == payload, "GetFirmwareHash round trip changed the challenge")
            _ = try? TrezorRequests.challenge(inGetFirmwareHash: payload)
        case .ledgerAppAndVersion:
            do {
                _ = try LedgerAppAndVersion(decoding: payload)
            } catch {
                texts.append(error.description)
            }
        }
        try TerminalText.requirePrintable(texts, "decoding error")
    }
}
