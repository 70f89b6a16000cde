internal import CustosCrypto
internal import Devices
internal import Firmware
internal import Transport

/// The attestation itself: ask the device for its firmware hash keyed with a challenge and compare it with the
/// answer the approved image gives. The approved image's bytes come from the caller (`--image` today; a TUF
/// manifest's approved target can supply them the same way).
struct DeviceAttestation {
    enum ChallengeSource: String {
        case random
        case transcript
        /// `--challenge HEX`: reproducible, but an old answer could be replayed against it.
        case given
    }

    struct Result {
        var description: DeviceDescription
        var model: TrezorModel
        var challenge: [UInt8]
        var challengeSource: ChallengeSource
        var deviceHash: [UInt8]
        var expectedHash: [UInt8]
        var matches: Bool
    }

    let session: DeviceSession
    let timeout: Duration

    /// Runs the check. `challenge` is 32 fresh random bytes unless the lab replay mode passes the recorded one.
    func run(
        approvedInstalledImage image: TrezorInstalledImage, challenge: [UInt8], source: ChallengeSource
    )
        async throws -> Result
    {
        let description: DeviceDescription
        do {
            description = try await session.describe(deadline: .after(timeout))
        } catch {
            throw DeviceFailure(error: error, context: "cannot identify \(session.transport.name)")
        }
        guard let code = description.trezorFeatures?.modelCode ?? description.model,
            let model = TrezorModel(rawValue: code)
        else {
            throw CommandFailure.unparsable(
                "\(session.transport.name) reports model \(description.model ?? "none"), which Custos cannot attest")
        }
        if description.bootloaderMode {
            throw CommandFailure.rejected("the device is in bootloader mode: restart it into its firmware and retry")
        }
        guard image.fits(modelCode: model.rawValue) else {
            throw CommandFailure.rejected(
                "the image is \(image.family.rawValue) firmware but the device is a \(model.rawValue)")
        }
        let deviceHash: [UInt8]
        do {
            deviceHash = try await session.firmwareHash(challenge: challenge, deadline: .after(timeout))
        } catch {
            throw DeviceFailure(error: error, context: "GetFirmwareHash on \(session.transport.name)")
        }
        let expected: [UInt8]
        do {
            expected = try TrezorFirmwareHash.expectedAnswer(
                installedImage: image.bytes, model: model, challenge: challenge)
        } catch {
            throw CommandFailure.rejected("cannot compute the expected answer: \(error)")
        }
        return Result(
            description: description, model: model, challenge: challenge, challengeSource: source,
            deviceHash: deviceHash, expectedHash: expected, matches: ConstantTime.equal(deviceHash, expected))
    }
}
