internal import ArgumentParser
internal import Custody
internal import CustosCrypto
internal import CustosSupport
internal import DeviceTransport
internal import Devices
internal import Firmware

/// `custos devices attest`: does the device run the approved image? A fresh random challenge, the device's
/// GetFirmwareHash answer, and the answer the approved image gives — the image named by `--image`, or the images
/// the pinned TUF manifest (`--manifest`) approves for the model and version the device reports.
struct AttestDeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Check that a Trezor runs the approved firmware image (GetFirmwareHash with a fresh challenge).",
        discussion: """
            With --manifest DIR (a `custos manifest` store) the device's Features pick the approval: the manifest \
            must not have expired, must approve firmware of the device's model and exact version, and the version \
            must not be below the model's min_version. The approved image is read from --image-dir (file named as \
            the target) or from the store (`custos manifest update --images` downloads it), must have the \
            target's length and hashes, and must pass the Firmware verifier: fingerprint, model and version as \
            approved, and an official vendor release unless --allow-unofficial. Only then is the device asked \
            for its firmware hash. With --image FILE the file is taken as approved without those checks.
            Exit 0 when the device's answer matches the image, 1 when it does not, or the manifest refuses, or the \
            check could not be made (reason on stderr), 2 when an image or the device's reply is unparsable.
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
        name: .long,
        help: ArgumentHelp(
            "Compare with the image(s) the pinned manifest in this store approves for the device.", valueName: "DIR"))
    var manifest: String?

    @Option(
        name: .customLong("image-dir"),
        help: ArgumentHelp(
            "With --manifest: look for approved images here first (file named as the target's last segment).",
            valueName: "DIR"))
    var imageDirectories: [String] = []

    @Flag(
        name: .long,
        help: "With --manifest: accept approved images that are not official vendor releases (lab test images).")
    var allowUnofficial = false

    @Option(
        name: .long,
        help: ArgumentHelp("Compare with this image, taken as approved (TRZR, TRZF or TRZV file).", valueName: "FILE"))
    var image: String?

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
        guard (image == nil) != (manifest == nil) else {
            throw ValidationError("give either --manifest DIR or --image FILE")
        }
        if manifest == nil && (!imageDirectories.isEmpty || allowUnofficial) {
            throw ValidationError("--image-dir and --allow-unofficial only apply with --manifest")
        }
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
        // Everything local is read before the device is touched: a missing store or image fails first.
        let reference: FirmwareAttestation.Reference
        if let manifest {
            reference = .manifest(
                try ManifestImageSelection.load(
                    folder: manifest, imageDirectories: imageDirectories, allowUnofficial: allowUnofficial))
        } else if let image {
            reference = .image(
                label: image, try TrezorInstalledImage(fileBytes: try FileIO.readInput(image, limit: 16 * 1024 * 1024)))
        } else {
            throw ValidationError("give either --manifest DIR or --image FILE")
        }
        let opened = try await DeviceOpening.open(
            try source.deviceSource(device: device), probeTimeout: source.timeoutDuration)
        let (challengeBytes, challengeSource) = try chooseChallenge(opened)
        let recorder = record.map { _ in RecordingTransport(recording: opened.transport) }
        let transport: any Transport = recorder ?? opened.transport
        let outcome = await FirmwareAttestation.attest(
            session: DeviceSession(identity: opened.identity, transport: transport), timeout: source.timeoutDuration,
            reference: reference, challenge: challengeBytes, source: challengeSource)
        await transport.close()
        if let record, let recorder {
            let header = [
                "Custos transcript recorded by `custos devices attest` from \(opened.transport.name)",
                "Format: Vectors/usb/README.md",
            ]
            try FileIO.writeAtomically(Array(await recorder.transcript.text(header: header).utf8), to: record)
        }
        let report = AttestationReport(
            transport: opened.transport.name, manifest: manifest, allowUnofficial: allowUnofficial)
        switch outcome {
        case .compared(let result, let compared):
            ReportOutput.print(json ? report.json(result, compared: compared) : report.text(result, compared: compared))
            guard result.matches else {
                throw ReportedFailure(
                    DeviceAttestation.Codes.mismatch,
                    "MISMATCH: the device's firmware hash differs from the approved image's"
                        + (compared.notes.isEmpty ? "" : " (\(compared.notes.map(\.message).joined(separator: "; ")))"))
            }
        case .refused(let device, let reasons, _):
            ReportOutput.print(
                json ? report.refusalJSON(device, reasons: reasons) : report.refusalText(device, reasons: reasons))
            // The first reason's code decides the exit status (malformed for an unreadable approved image).
            throw ReportedFailure(
                reasons.first?.code ?? ManifestImageSelection.Codes.versionUnusable,
                "REFUSED: " + reasons.map(\.message).joined(separator: "; "))
        case .failed(let error):
            if case .device(.transport(.transcriptMismatch), _) = error, challengeSource == .random {
                throw ReportedFailure(
                    error.code,
                    "\(error)\nA recorded transcript cannot answer a fresh "
                        + "random challenge; --replay-recorded-challenge replays it with its own (lab use only).")
            }
            throw error
        }
    }

    private func chooseChallenge(
        _ opened: DeviceOpening.Opened
    ) throws -> ([UInt8], DeviceAttestation.ChallengeSource) {
        if replayRecordedChallenge, let transcript = opened.transcript {
            do {
                return (try TranscriptChallenge.recorded(in: transcript), .transcript)
            } catch {
                throw ContextualFailure(doing: "cannot take the challenge from the transcript", underlying: error)
            }
        }
        if let given = challenge.flatMap({ [UInt8](hex: $0) }) { return (given, .given) }
        return (try SecureRandom.bytes(count: 32), .random)
    }
}
