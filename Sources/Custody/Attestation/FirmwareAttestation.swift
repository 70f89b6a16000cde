public import CustosSupport
public import Devices

/// `attest`: does the device run the approved firmware? The device's Features pick what it is compared with — an
/// image taken as approved, or the images the pinned manifest approves for its model and version — and only then is
/// it asked for its firmware hash over the challenge. The CLI (`custos devices attest`) and the lab's
/// `device-attestation-replay` and `attest-manifest` kinds run this one function.
public enum FirmwareAttestation {
    /// What the device's answer is compared with.
    public enum Reference: Sendable {
        /// One image, taken as approved without further checks (`label` names its file).
        case image(label: String, TrezorInstalledImage)
        /// The images the pinned manifest approves for what the device reports.
        case manifest(ManifestImageSelection)
    }

    /// The images the answer was compared with.
    public struct Compared: Sendable {
        public struct Image: Sendable {
            /// The file the image came from.
            public var label: String
            public var installed: TrezorInstalledImage
            /// The manifest approval behind it (nil for an image taken as approved).
            public var approved: ManifestImageSelection.Candidate?
        }

        public var images: [Image]
        /// Approvals of the same version that could not be used, and why.
        public var notes: [Problem]
    }

    public enum Outcome: Sendable {
        /// The device answered; `result.matches` says whether an image gives the same hash.
        case compared(DeviceAttestation.Result, Compared)
        /// The manifest refused what the device runs before it was asked for its hash. `unparsable` when an approved
        /// image holds the approved bytes but cannot be read as firmware.
        case refused(DeviceAttestation.IdentifiedDevice, reasons: [Problem], unparsable: Bool)
        /// The conversation failed, or the image cannot be compared.
        case failed(AttestationError)
    }

    public static func attest(
        session: DeviceSession, timeout: Duration, reference: Reference, challenge: [UInt8],
        source: DeviceAttestation.ChallengeSource
    ) async -> Outcome {
        let attestation = DeviceAttestation(session: session, timeout: timeout)
        do {
            let device = try await attestation.identify()
            let compared: Compared
            switch reference {
            case .image(let label, let image):
                compared = Compared(images: [.init(label: label, installed: image)], notes: [])
            case .manifest(let selection):
                switch selection.select(
                    vendor: .trezor, model: device.model.rawValue, firmwareVersion: device.description.firmwareVersion)
                {
                case .refused(let reasons): return .refused(device, reasons: reasons, unparsable: false)
                case .unparsable(let reasons): return .refused(device, reasons: reasons, unparsable: true)
                case .candidates(let candidates, let notes):
                    compared = Compared(
                        images: candidates.map { .init(label: $0.path, installed: $0.installed, approved: $0) },
                        notes: notes)
                }
            }
            let result = try await attestation.compare(
                device, with: compared.images.map(\.installed), challenge: challenge, source: source)
            return .compared(result, compared)
        } catch {
            return .failed(error)
        }
    }
}
