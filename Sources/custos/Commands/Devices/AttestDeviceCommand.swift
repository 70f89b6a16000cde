internal import ArgumentParser
internal import CustosCrypto
internal import Devices
internal import Transport

/// `custos devices attest`: does the device run the approved image? A fresh random challenge, the device's
/// GetFirmwareHash answer, and the answer the image gives.
struct AttestDeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Check that a Trezor runs the approved firmware image (GetFirmwareHash with a fresh challenge).",
        discussion: """
            Exit 0 when the device's answer matches the image, 1 when it does not or the check could not be made \
            (reason on stderr), 2 when the image or the device's reply is unparsable or unsupported.
            --transcript replays a recorded conversation. A recording can only answer its own recorded challenge, \
            so a fresh challenge fails against it; --replay-recorded-challenge uses the recorded one instead and \
            then proves only that the transcript matches the image, not that any device does.
            """
    )

    @Argument(
        help:
            "The device: an ID from `custos devices list` (usb:BBB:DDD or udp:HOST:PORT). Optional when exactly one Trezor is attached."
    )
    var device: String?

    @OptionGroup var source: DeviceSourceOptions

    @Option(
        name: .long, help: ArgumentHelp("The approved firmware image (TRZR, TRZF or TRZV file).", valueName: "FILE"))
    var image: String

    @Flag(name: .long, help: "Lab replay only (with --transcript): use the challenge recorded in the transcript.")
    var replayRecordedChallenge = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Use this challenge (hex, up to 32 bytes) instead of a fresh random one, to reproduce a recorded session. "
                + "A fixed challenge lets a device replay an old answer: never use it for a real check.",
            valueName: "HEX"))
    var challenge: String?

    @Option(name: .long, help: ArgumentHelp("Write the conversation to FILE as a transcript.", valueName: "FILE"))
    var record: String?

    @Flag(name: .long, help: "Print one JSON document instead of text.")
    var json = false

    func validate() throws {
        try source.validateSources(device: device)
        if replayRecordedChallenge && source.transcript == nil {
            throw ValidationError("--replay-recorded-challenge only applies to --transcript replays")
        }
        if replayRecordedChallenge && challenge != nil {
            throw ValidationError("give either --challenge or --replay-recorded-challenge")
        }
        if let challenge, [UInt8](hex: challenge).map({ $0.count > 32 }) ?? true {
            throw ValidationError("--challenge expects hex of at most 32 bytes")
        }
    }

    func run() async throws {
        let approved = try TrezorInstalledImage(fileBytes: try FileIO.readInput(image, limit: 16 * 1024 * 1024))
        let opened = try await DeviceOpener.open(device: device, source: source)
        let challengeBytes: [UInt8]
        let challengeSource: DeviceAttestation.ChallengeSource
        if replayRecordedChallenge, let transcript = opened.transcript {
            do {
                challengeBytes = try TranscriptChallenge.recorded(in: transcript)
            } catch {
                throw DeviceFailure(error: error, context: "cannot take the challenge from the transcript")
            }
            challengeSource = .transcript
        } else if let given = challenge.flatMap({ [UInt8](hex: $0) }) {
            challengeBytes = given
            challengeSource = .given
        } else {
            challengeBytes = try SecureRandom.bytes(count: 32)
            challengeSource = .random
        }
        let recorder = record.map { _ in RecordingTransport(recording: opened.transport) }
        let transport: any Transport = recorder ?? opened.transport
        let attestation = DeviceAttestation(
            session: DeviceSession(identity: opened.identity, transport: transport), timeout: source.timeoutDuration)
        let outcome: Swift.Result<DeviceAttestation.Result, AttestationError>
        do {
            outcome = .success(
                try await attestation.run(
                    approvedInstalledImage: approved, challenge: challengeBytes, source: challengeSource))
        } catch {
            outcome = .failure(error)
        }
        await transport.close()
        if let record, let recorder {
            let header = [
                "Custos transcript recorded by `custos devices attest` from \(opened.transport.name)",
                "Format: Vectors/usb/README.md",
            ]
            try FileIO.writeAtomically(Array(await recorder.transcript.text(header: header).utf8), to: record)
        }
        let result: DeviceAttestation.Result
        switch outcome {
        case .success(let value): result = value
        case .failure(let error):
            if case .device(.transport(.transcriptMismatch), _) = error, challengeSource == .random {
                throw CommandFailure.rejected(
                    "\(error)\nA recorded transcript cannot answer a fresh "
                        + "random challenge; --replay-recorded-challenge replays it with its own (lab use only).")
            }
            throw error
        }
        print(
            json
                ? jsonReport(result, approved: approved, transport: opened.transport.name)
                : textReport(result, approved: approved, transport: opened.transport.name))
        guard result.matches else {
            throw CommandFailure.rejected("MISMATCH: the device's firmware hash differs from the approved image's")
        }
    }

    private static func challengeNote(_ source: DeviceAttestation.ChallengeSource) -> String {
        switch source {
        case .random: return "fresh random"
        case .transcript: return "REPLAY: recorded in the transcript"
        case .given: return "GIVEN with --challenge: not fresh, an old answer could be replayed"
        }
    }

    private func textReport(
        _ result: DeviceAttestation.Result, approved: TrezorInstalledImage, transport: String
    ) -> String {
        let description = result.description
        var lines = [
            "device:     \(transport) \(description.vendor) \(result.model.rawValue) firmware \(description.firmwareVersion ?? "unknown")",
            "image:      \(image) (\(approved.bytes.count) bytes installed\(approved.strippedLegacyHeader ? ", TRZR header stripped" : ""))",
            "challenge:  \(result.challenge.hexString) (\(Self.challengeNote(result.challengeSource)))",
            "device:     \(result.deviceHash.hexString)",
            "expected:   \(result.expectedHash.hexString)",
        ]
        if result.challengeSource == .transcript {
            lines.append("note:       replay mode proves the transcript matches the image, not that a device does")
        }
        lines.append(result.matches ? "verdict:    MATCH: the device runs the approved image" : "verdict:    MISMATCH")
        return lines.joined(separator: "\n")
    }

    private func jsonReport(
        _ result: DeviceAttestation.Result, approved: TrezorInstalledImage, transport: String
    ) -> String {
        let description = result.description
        let problems =
            result.matches
            ? "[]" : "[\(JSONText.quote("the device's firmware hash differs from the approved image's"))]"
        let fields: [(String, String)] = [
            ("device", JSONText.quote(transport)),
            ("vendor", JSONText.quote(description.vendor)),
            ("model", JSONText.quote(result.model.rawValue)),
            ("firmwareVersion", DeviceListingFormat.optional(description.firmwareVersion)),
            ("image", JSONText.quote(image)),
            ("installedImageBytes", String(approved.bytes.count)),
            ("challenge", JSONText.quote(result.challenge.hexString)),
            ("challengeSource", JSONText.quote(result.challengeSource.rawValue)),
            ("deviceHash", JSONText.quote(result.deviceHash.hexString)),
            ("expectedHash", JSONText.quote(result.expectedHash.hexString)),
            ("match", String(result.matches)),
            ("problems", problems),
        ]
        return "{" + fields.map { "\(JSONText.quote($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }
}
