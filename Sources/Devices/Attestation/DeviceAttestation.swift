internal import CustosCrypto
internal import DeviceTransport
public import Firmware

/// The attestation itself: ask the device for its firmware hash keyed with a challenge and compare it with the
/// answer each approved image gives. The approved images' bytes come from the caller (`--image`, or the images a
/// pinned TUF manifest approves for the device's model and version). `custos devices attest` and the lab runner's
/// attestation replays both run this.
///
/// Two steps, so a caller can decide what is approved from what the device says it runs before asking for the
/// hash: `identify()` (Features), then `compare(_:with:challenge:source:)` (GetFirmwareHash).
public struct DeviceAttestation: Sendable {
    public enum ChallengeSource: String, Sendable {
        case random
        case transcript
        /// `--challenge HEX`: reproducible, but an old answer could be replayed against it.
        case given
    }

    /// A device that said who it is and runs firmware Custos can attest.
    public struct IdentifiedDevice: Sendable {
        public var description: DeviceDescription
        public var model: TrezorModel
    }

    public struct Result: Sendable {
        public var description: DeviceDescription
        public var model: TrezorModel
        public var challenge: [UInt8]
        public var challengeSource: ChallengeSource
        public var deviceHash: [UInt8]
        /// The answer each approved image gives for the challenge, in the order the images were given.
        public var expectedHashes: [[UInt8]]
        /// Which image the device's answer matches; nil for a mismatch.
        public var matchingImage: Int?

        /// The matching image's answer, or the first image's when none matches.
        public var expectedHash: [UInt8] {
            matchingImage.map { expectedHashes[$0] } ?? expectedHashes.first ?? []
        }

        public var matches: Bool { matchingImage != nil }
    }

    public let session: DeviceSession
    public let timeout: Duration

    public init(session: DeviceSession, timeout: Duration) {
        self.session = session
        self.timeout = timeout
    }

    /// Runs both steps against one approved image. `challenge` is 32 fresh random bytes unless the lab replay mode
    /// passes the recorded one.
    public func run(
        approvedInstalledImage image: TrezorInstalledImage, challenge: [UInt8], source: ChallengeSource
    ) async throws(AttestationError) -> Result {
        try await compare(try await identify(), with: [image], challenge: challenge, source: source)
    }

    /// Step 1: Initialize → Features. Refuses devices Custos cannot attest (unknown model, bootloader mode).
    public func identify() async throws(AttestationError) -> IdentifiedDevice {
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
        return IdentifiedDevice(description: description, model: model)
    }

    /// Step 2: GetFirmwareHash(challenge), compared in constant time with every image's expected answer (a model
    /// may have several approved images of one version, e.g. universal and Bitcoin-only firmware). Every image's
    /// header must name the version the device reports; otherwise it is refused before the device is asked.
    public func compare(
        _ device: IdentifiedDevice, with images: [TrezorInstalledImage], challenge: [UInt8], source: ChallengeSource
    ) async throws(AttestationError) -> Result {
        guard !images.isEmpty else { throw .image("no approved image to compare the device with") }
        for image in images where !image.fits(modelCode: device.model.rawValue) {
            throw .imageFamilyMismatch(image: image.family, deviceModel: device.model.rawValue)
        }
        // A match against an image of another version would say the device runs what it says it does not.
        let reported = device.description.firmwareVersion
        for image in images where image.version == nil || image.version != reported {
            throw .versionMismatch(image: image.version, device: reported)
        }
        var expected: [[UInt8]] = []
        for image in images {
            do {
                expected.append(
                    try TrezorFirmwareHash.expectedAnswer(
                        installedImage: image.bytes, model: device.model, challenge: challenge))
            } catch {
                throw .expectedAnswer(error)
            }
        }
        let deviceHash: [UInt8]
        do {
            deviceHash = try await session.firmwareHash(challenge: challenge, deadline: .after(timeout))
        } catch {
            throw .device(error, context: "GetFirmwareHash on \(session.transport.name)")
        }
        // Every candidate is compared (no early exit), so timing does not tell which one matched.
        var matching: Int?
        for (index, hash) in expected.enumerated() where ConstantTime.equal(deviceHash, hash) && matching == nil {
            matching = index
        }
        return Result(
            description: device.description, model: device.model, challenge: challenge, challengeSource: source,
            deviceHash: deviceHash, expectedHashes: expected, matchingImage: matching)
    }
}
