internal import CustosCrypto
public import Firmware
internal import Transport

/// The attestation itself: ask the device for its firmware hash keyed with a challenge and compare it with the
/// answer the approved image gives. The approved image's bytes come from the caller (`--image` today; a TUF
/// manifest's approved target can supply them the same way). `custos devices attest` and the lab runner's
/// attestation replays both run this.
public struct DeviceAttestation: Sendable {
    public enum ChallengeSource: String, Sendable {
        case random
        case transcript
        /// `--challenge HEX`: reproducible, but an old answer could be replayed against it.
        case given
    }

    public struct Result: Sendable {
        public var description: DeviceDescription
        public var model: TrezorModel
        public var challenge: [UInt8]
        public var challengeSource: ChallengeSource
        public var deviceHash: [UInt8]
        public var expectedHash: [UInt8]
        public var matches: Bool
    }

    public let session: DeviceSession
    public let timeout: Duration

    public init(session: DeviceSession, timeout: Duration) {
        self.session = session
        self.timeout = timeout
    }

    /// Runs the check. `challenge` is 32 fresh random bytes unless the lab replay mode passes the recorded one.
    public func run(
        approvedInstalledImage image: TrezorInstalledImage, challenge: [UInt8], source: ChallengeSource
    ) async throws(AttestationError) -> Result {
        let description: DeviceDescription
        do {
            description = try await session.describe(deadline: .after(timeout))
        } catch {
            throw .device(error, context: "cannot identify \(session.transport.name)")
        }
        guard let code = description.trezorFeatures?.modelCode ?? description.model,
            let model = TrezorModel(rawValue: code)
        else {
            throw .unsupportedModel(device: session.transport.name, reported: description.model)
        }
        if description.bootloaderMode { throw .bootloaderMode }
        guard image.fits(modelCode: model.rawValue) else {
            throw .imageFamilyMismatch(image: image.family, deviceModel: model.rawValue)
        }
        let deviceHash: [UInt8]
        do {
            deviceHash = try await session.firmwareHash(challenge: challenge, deadline: .after(timeout))
        } catch {
            throw .device(error, context: "GetFirmwareHash on \(session.transport.name)")
        }
        let expected: [UInt8]
        do {
            expected = try TrezorFirmwareHash.expectedAnswer(
                installedImage: image.bytes, model: model, challenge: challenge)
        } catch {
            throw .expectedAnswer(error)
        }
        return Result(
            description: description, model: model, challenge: challenge, challengeSource: source,
            deviceHash: deviceHash, expectedHash: expected, matches: ConstantTime.equal(deviceHash, expected))
    }
}
