internal import Devices

/// Fuzz targets for the USB framing codecs: the input is what a device sends, cut into 64-byte reports, fed to a
/// decoder message after message (a fresh decoder after an error). Every reassembled message re-encodes to the
/// very reports it came from (padding aside) where the protocol fixes how a message is cut, and every message
/// made from the input survives encode → decode unchanged.
public enum FramingFuzzTargets {
    public static func trezorV1(_ bytes: [UInt8]) throws(InvariantFailure) {
        try decodeAll(bytes, makeDecoder: { TrezorV1Decoder() }) { (message, reports) throws(InvariantFailure) in
            try InvariantFailure.require(
                message.payload.count <= TrezorV1Framing.maximumPayloadLength,
                "payload of \(message.payload.count) bytes accepted")
            let encoded = try encodeOrFail { () throws(FramingError) in
                try TrezorV1Framing.encode(type: message.type, payload: message.payload)
            }
            // `?` + 63 bytes of the stream `##`, type, length, payload.
            let stream = 8 + message.payload.count
            try requireSameReports(
                reports, encoded, meaningful: { 1 + min(63, stream - 63 * $0) }, protocolName: "Trezor v1")
        }
        let type = UInt16(bytes.first ?? 0) << 8 | UInt16(bytes.dropFirst().first ?? 0)
        let payload = Array(bytes.dropFirst(2).prefix(TrezorV1Framing.maximumPayloadLength))
        let reports = try encodeOrFail { () throws(FramingError) in
            try TrezorV1Framing.encode(type: type, payload: payload)
        }
        let decoded = try decodeOnly(reports, into: TrezorV1Decoder())
        try InvariantFailure.require(
            decoded == TrezorV1Message(type: type, payload: payload), "Trezor v1 encode → decode changed the message")
    }

    public static func ledgerHID(_ bytes: [UInt8]) throws(InvariantFailure) {
        try decodeAll(bytes, makeDecoder: { LedgerHIDDecoder() }) { (response, reports) throws(InvariantFailure) in
            try InvariantFailure.require(
                response.count >= 2 && response.count <= LedgerHIDFraming.maximumResponseLength,
                "response of \(response.count) bytes accepted")
            let encoded = try encodeOrFail { () throws(FramingError) in
                try LedgerHIDFraming.encode(apdu: response)
            }
            // Channel, tag, sequence (5 bytes), the length (2) in the first report, then the data.
            try requireSameReports(
                reports, encoded,
                meaningful: {
                    $0 == 0 ? 7 + min(57, response.count) : 5 + min(59, response.count - 57 - 59 * ($0 - 1))
                },
                protocolName: "Ledger HID")
        }
        let apdu = Array(bytes.prefix(LedgerHIDFraming.maximumResponseLength))
        guard apdu.count >= 2 else { return }
        let reports = try encodeOrFail { () throws(FramingError) in try LedgerHIDFraming.encode(apdu: apdu) }
        let decoded = try decodeOnly(reports, into: LedgerHIDDecoder())
        try InvariantFailure.require(decoded == apdu, "Ledger HID encode → decode changed the APDU")
    }

    public static func coldcard(_ bytes: [UInt8]) throws(InvariantFailure) {
        try decodeAll(bytes, makeDecoder: { ColdcardDecoder() }) { (message, reports) throws(InvariantFailure) in
            try InvariantFailure.require(
                message.count <= ColdcardFraming.maximumMessageLength, "message of \(message.count) bytes accepted")
            let encoded = try encodeOrFail { () throws(FramingError) in try ColdcardFraming.encode(message) }
            // A sender may cut a message anywhere; when it cut it as Custos does (63 bytes a report, no empty last
            // report after a full one), the reports are Custos's own.
            let canonical =
                reports.dropLast().allSatisfy { $0[0] & 0x3f == 63 }
                && (reports.count == 1 || reports[reports.count - 1][0] & 0x3f > 0)
            if canonical {
                try requireSameReports(
                    reports, encoded, meaningful: { 1 + min(63, message.count - 63 * $0) }, protocolName: "Coldcard")
            }
            let again = try decodeOnly(encoded, into: ColdcardDecoder())
            try InvariantFailure.require(again == message, "Coldcard re-encoded message decodes differently")
        }
        let message = Array(bytes.prefix(ColdcardFraming.maximumMessageLength))
        let reports = try encodeOrFail { () throws(FramingError) in try ColdcardFraming.encode(message) }
        let decoded = try decodeOnly(reports, into: ColdcardDecoder())
        try InvariantFailure.require(decoded == message, "Coldcard encode → decode changed the message")
    }

    /// The channel is taken from the first report, so the fuzzer does not have to guess it.
    public static func u2fHID(_ bytes: [UInt8]) throws(InvariantFailure) {
        let channel = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        try decodeAll(bytes, makeDecoder: { U2FHIDDecoder(channelID: channel) }) {
            (message, reports) throws(InvariantFailure) in
            let payload = message.payload
            try InvariantFailure.require(
                payload.count <= U2FHIDFraming.maximumPayloadLength, "payload of \(payload.count) bytes accepted")
            let encoded = try encodeOrFail { () throws(FramingError) in
                try U2FHIDFraming.encode(channelID: channel, command: message.command, payload: payload)
            }
            try requireSameReports(
                reports, encoded,
                meaningful: { $0 == 0 ? 7 + min(57, payload.count) : 5 + min(59, payload.count - 57 - 59 * ($0 - 1)) },
                protocolName: "U2FHID")
        }
        let command = (bytes.dropFirst(4).first ?? 0) | 0x80
        let payload = Array(bytes.dropFirst(5).prefix(U2FHIDFraming.maximumPayloadLength))
        let reports = try encodeOrFail { () throws(FramingError) in
            try U2FHIDFraming.encode(channelID: channel, command: command, payload: payload)
        }
        var decoder = U2FHIDDecoder(channelID: channel)
        do {
            var decoded: U2FHIDMessage?
            for report in reports { decoded = try decoder.consume(report) }
            try InvariantFailure.require(
                command != U2FHIDFraming.commandError, "a U2FHID error frame was returned as a message")
            try InvariantFailure.require(
                decoded?.command == command && decoded?.payload == payload, "U2FHID encode → decode changed the message"
            )
        } catch let error as FramingError {
            try InvariantFailure.require(
                command == U2FHIDFraming.commandError, "U2FHID decoder refused its own encoding: \(error)")
        } catch let error as InvariantFailure {
            throw error
        } catch {
            throw InvariantFailure("unexpected error \(error)")
        }
    }

    // MARK: - Shared

    /// Feeds every report to a decoder; each message is checked with the reports that carried it.
    private static func decodeAll<Decoder: FrameDecoder>(
        _ bytes: [UInt8], makeDecoder: () -> Decoder,
        check: (Decoder.Message, [[UInt8]]) throws(InvariantFailure) -> Void
    ) throws(InvariantFailure) {
        var decoder = makeDecoder()
        var carried: [[UInt8]] = []
        for report in ReportStream.reports(bytes) {
            carried.append(report)
            do {
                if let message = try decoder.consume(report) {
                    try check(message, carried)
                    carried = []
                }
            } catch let error as FramingError {
                try TerminalText.requirePrintable([error.description], "framing error")
                decoder = makeDecoder()
                carried = []
            } catch let error as InvariantFailure {
                throw error
            } catch {
                throw InvariantFailure("decoder threw an untyped error \(error)")
            }
            let progress = decoder.progress
            try InvariantFailure.require(
                progress.received <= (progress.declared ?? Int.max) || progress.declared == nil,
                "decoder holds \(progress.received) bytes of a \(progress.declared ?? -1)-byte message")
        }
    }

    private static func decodeOnly<Decoder: FrameDecoder>(
        _ reports: [[UInt8]], into decoder: Decoder
    ) throws(InvariantFailure) -> Decoder.Message? {
        var decoder = decoder
        var message: Decoder.Message?
        for (index, report) in reports.enumerated() {
            try InvariantFailure.require(message == nil, "the decoder finished before report \(index + 1)")
            do {
                message = try decoder.consume(report)
            } catch {
                throw InvariantFailure("the decoder refuses the encoder's report \(index + 1): \(error)")
            }
        }
        return message
    }

    private static func encodeOrFail(
        _ encode: () throws(FramingError) -> [[UInt8]]
    ) throws(InvariantFailure) -> [[UInt8]] {
        let reports: [[UInt8]]
        do {
            reports = try encode()
        } catch {
            throw InvariantFailure("the encoder refuses a message its decoder accepts: \(error)")
        }
        try InvariantFailure.require(reports.allSatisfy { $0.count == 64 }, "the encoder made a report not 64 bytes")
        return reports
    }

    private static func requireSameReports(
        _ received: [[UInt8]], _ encoded: [[UInt8]], meaningful: (Int) -> Int, protocolName: String
    ) throws(InvariantFailure) {
        try InvariantFailure.require(
            received.count == encoded.count,
            "\(protocolName): \(received.count) reports decode to a message that re-encodes in \(encoded.count)")
        for index in received.indices {
            try InvariantFailure.require(
                ReportStream.sameMeaningfulBytes(received[index], encoded[index], meaningful: meaningful(index)),
                "\(protocolName) report \(index + 1) differs from its re-encoding: "
                    + "\(received[index].hexString) vs \(encoded[index].hexString)")
        }
    }
}
