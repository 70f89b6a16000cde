internal import Custody
internal import CustosCrypto
internal import CustosSupport
internal import DeviceTransport
internal import Devices
internal import ManifestProfile
internal import TUF

/// `attest-manifest`: `custos devices attest --manifest` replayed — a scratch store pinned to the case's root and
/// updated from its repository with the approved images (`custos manifest init` + `update --images`), then the
/// Custody workflow: the manifest picks the images approved for the model and version the recorded device reports,
/// each is checked as a TUF target and by the Firmware verifier, and only then is the recorded GetFirmwareHash
/// answer compared.
///
/// A recording can only answer its own challenge, so the case replays with the transcript's challenge; that proves
/// the recording matches the approved image, not that any device does (Vectors/usb/README.md).
enum AttestManifestCase: LabCaseKind {
    static let name = "attest-manifest"
    // The same limits as the replay kind: one recorded conversation, one answer per request.
    static let transcriptLimit = DeviceAttestationReplayCase.transcriptLimit
    static let defaultTimeoutMilliseconds = DeviceAttestationReplayCase.defaultTimeoutMilliseconds

    struct Input: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case transcript
            case transcriptSHA256 = "transcript_sha256"
            case trustedRoot = "trusted_root"
            case trustedRootSHA256 = "trusted_root_sha256"
            case repository
            case clock
            case attestClock = "attest_clock"
            case imageDirectories = "image_dirs"
            case allowUnofficial = "allow_unofficial"
        }
        let transcript: String
        let transcriptSHA256: String?
        /// The root pinned by `custos manifest init --root`.
        let trustedRoot: String
        let trustedRootSHA256: String?
        /// A TUF repository folder (`metadata/`, `targets/`) served to the update.
        let repository: String
        /// `YYYY-MM-DDTHH:MM:SSZ`: "now" for the update, and for the attestation unless `attest_clock` is given.
        let clock: String
        /// "now" when the attestation runs (a later time shows the manifest expiring after the update).
        let attestClock: String?
        /// Folders searched for approved images before the store (`--image-dir`).
        let imageDirectories: [String]?
        /// Accept approved images that are not official vendor releases (`--allow-unofficial`; lab test images).
        let allowUnofficial: Bool?
    }

    enum Verdict: String, Decodable, Sendable {
        case match
        case mismatch
        /// The manifest refused what the device runs, or no approved image could be used (exit 1).
        case refused
        /// The transcript, an approved image or a device reply cannot be read as what it claims (exit 2).
        case unparsable
    }

    struct Expected: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case verdict
            case matchedTarget = "matched_target"
            case problemCodes = "problem_codes"
            case problemsContain = "problems_contain"
        }
        let verdict: Verdict
        let matchedTarget: String?
        /// The codes of every problem reported, in order (docs/ERRORS.md).
        let problemCodes: [String]?
        let problemsContain: [String]?
    }

    static func run(input: Input, expected: Expected, context: CaseContext) async throws(LabCaseError) -> CaseOutcome {
        let clock = try time(input.clock, field: "input.clock")
        let attestClock = try input.attestClock.map { text throws(LabCaseError) in
            try time(text, field: "input.attest_clock")
        }
        let root = try context.read(
            "input.trusted_root", input.trustedRoot, pinnedSHA256: input.trustedRootSHA256,
            limit: UpdaterConfiguration().rootMaximumLength)
        let repository = try context.folder("input.repository", input.repository, containing: "metadata")
        let transcriptFile = try context.read(
            "input.transcript", input.transcript, pinnedSHA256: input.transcriptSHA256, limit: transcriptLimit)
        let imageDirectories = try (input.imageDirectories ?? []).enumerated().map { item throws(LabCaseError) in
            try context.folder("input.image_dirs[\(item.offset)]", item.element, containing: nil)
        }
        var outcome = CaseOutcome()
        outcome.record("transcript", "\(transcriptFile.path) (SHA-256 \(transcriptFile.sha256))")
        outcome.record("trusted root", "\(root.path) (SHA-256 \(root.sha256))")
        outcome.record("repository", repository)
        outcome.record("clock", clock.iso8601 + (attestClock.map { "; attestation at \($0.iso8601)" } ?? ""))

        let scratch = try ScratchFolder(prefix: "custos-lab-attest")
        defer { scratch.remove() }
        let attempt = await attest(
            input, transcript: transcriptFile, root: root.bytes, repository: repository, store: scratch.path,
            imageDirectories: imageDirectories, clock: clock, attestClock: attestClock ?? clock, outcome: &outcome)
        for problem in attempt.problems { outcome.record("problem", "\(problem.code): \(problem.message)") }
        outcome.check("verdict", expected: expected.verdict.rawValue, actual: attempt.verdict.rawValue)
        outcome.check("matched target", expected: expected.matchedTarget, actual: attempt.matchedTarget)
        outcome.check(
            "problem codes", expected: expected.problemCodes?.joined(separator: ", "),
            actual: attempt.problems.map(\.code.name).joined(separator: ", "))
        outcome.checkProblems(expected.problemsContain, in: attempt.problems.map(\.message))
        return outcome
    }

    private struct Attempt {
        var verdict: Verdict
        var problems: [Problem] = []
        var matchedTarget: String?
    }

    private static func attest(
        _ input: Input, transcript file: CaseContext.InputFile, root: [UInt8], repository: String, store: String,
        imageDirectories: [String], clock: UTCTime, attestClock: UTCTime, outcome: inout CaseOutcome
    ) async -> Attempt {
        let transcript: Transcript
        do {
            transcript = try Transcript.parse(String(decoding: file.bytes, as: UTF8.self))
        } catch {
            return Attempt(verdict: .unparsable, problems: [Problem(error, fallback: .labTranscriptUnparsable)])
        }
        // `custos manifest init` and `custos manifest update --images`, at the case's clock.
        let manifestStore = ManifestStore(folder: store)
        do {
            _ = try manifestStore.initialize(trustedRoot: root)
            let update = try manifestStore.updateDownloadingImages(from: repository, referenceTime: clock)
            outcome.record("images downloaded", update.images.downloaded.joined(separator: ", "))
            for failure in update.images.failed { outcome.record("image not downloaded", failure) }
        } catch {
            return Attempt(verdict: .refused, problems: [Problem(error, fallback: .labManifestRefused)])
        }
        let selection: ManifestImageSelection
        let opened: DeviceOpening.Opened
        let challenge: [UInt8]
        do {
            selection = try ManifestImageSelection.load(
                folder: store, imageDirectories: imageDirectories, allowUnofficial: input.allowUnofficial ?? false,
                referenceTime: attestClock)
            opened = try await DeviceOpening.open(
                .transcript(transcript, name: "replay:\(input.transcript)"), probeTimeout: .seconds(1))
        } catch {
            return Attempt(verdict: error.category == .malformed ? .unparsable : .refused, problems: [error.problem])
        }
        do {
            challenge = try TranscriptChallenge.recorded(in: transcript)
        } catch {
            return Attempt(
                verdict: error.isProtocolViolation ? .unparsable : .refused,
                problems: [Problem(error, fallback: .labTranscriptUnparsable)])
        }
        let outcomeOfAttestation = await FirmwareAttestation.attest(
            session: DeviceSession(identity: opened.identity, transport: opened.transport),
            timeout: .milliseconds(defaultTimeoutMilliseconds), reference: .manifest(selection), challenge: challenge,
            source: .transcript)
        await opened.transport.close()
        switch outcomeOfAttestation {
        case .compared(let result, let compared):
            outcome.record("device", "\(result.description.vendor) \(result.model.rawValue)")
            outcome.record("firmware version", result.description.firmwareVersion ?? "(not reported)")
            outcome.record("challenge", result.challenge.hexString + " (REPLAY: recorded in the transcript)")
            outcome.record("device hash", result.deviceHash.hexString)
            for (image, hash) in zip(compared.images, result.expectedHashes) {
                outcome.record(
                    "expected hash", "\(hash.hexString) (\(image.approved?.approval.targetPath ?? image.label))")
            }
            let matched = result.matchingImage.flatMap { compared.images[$0].approved?.approval.targetPath }
            var problems = compared.notes
            if !result.matches {
                problems.insert(
                    Problem(
                        code: DeviceAttestation.Codes.mismatch,
                        message: "the device's firmware hash differs from the approved image's"),
                    at: 0)
            }
            return Attempt(verdict: result.matches ? .match : .mismatch, problems: problems, matchedTarget: matched)
        case .refused(let device, let reasons, let unparsable):
            outcome.record("device", "\(device.description.vendor) \(device.model.rawValue)")
            outcome.record("firmware version", device.description.firmwareVersion ?? "(not reported)")
            return Attempt(verdict: unparsable ? .unparsable : .refused, problems: reasons)
        case .failed(let error):
            return Attempt(
                verdict: error.isUnparsable ? .unparsable : .refused,
                problems: [Problem(error, fallback: .labAttestationFailed)])
        }
    }

    private static func time(_ text: String, field: String) throws(LabCaseError) -> UTCTime {
        guard let time = UTCTime(iso8601: text) else {
            throw .invalidField("\(field) must be a UTC time as YYYY-MM-DDTHH:MM:SSZ, got '\(text.prefix(40))'")
        }
        return time
    }
}

extension FailureCode {
    static let labTranscriptUnparsable = FailureCode(
        "lab.transcript.unparsable", .malformed, "a case's transcript cannot be read, or holds no usable challenge")
    static let labManifestRefused = FailureCode(
        "lab.manifest.refused", .refused, "a case's manifest repository was refused by the TUF update")
    static let labAttestationFailed = FailureCode(
        "lab.attestation.failed", .refused, "the replayed device conversation failed before a comparison")
}
