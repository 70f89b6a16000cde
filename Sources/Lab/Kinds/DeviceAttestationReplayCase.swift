internal import Custody
internal import CustosCrypto
internal import CustosSupport
internal import DeviceTransport
internal import Devices

/// `device-attestation-replay`: a recorded conversation replayed through `ReplayTransport`, `DeviceSession` and
/// `DeviceAttestation` — the code `custos devices attest --transcript` runs — against the image a case names.
///
/// Replaying with the transcript's own challenge proves that the recording matches the image, not that any device
/// runs it (Vectors/usb/README.md); the evidence says which challenge was used.
enum DeviceAttestationReplayCase: LabCaseKind {
    static let name = "device-attestation-replay"
    static let transcriptLimit = 16 * 1024 * 1024
    static let imageLimit = 16 * 1024 * 1024
    static let defaultTimeoutMilliseconds = 2000

    struct Input: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case transcript
            case transcriptSHA256 = "transcript_sha256"
            case image
            case imageSHA256 = "image_sha256"
            case challenge
            case timeoutMilliseconds = "timeout_ms"
        }
        let transcript: String
        let transcriptSHA256: String?
        let image: String
        let imageSHA256: String?
        /// "recorded" (default): the transcript's own; "random": 32 fresh bytes, which no recording can answer;
        /// otherwise hex of at most 32 bytes.
        let challenge: String?
        let timeoutMilliseconds: Int?
    }

    enum Verdict: String, Decodable, Sendable {
        /// The device's answer equals the image's.
        case match
        case mismatch
        /// The check could not be made: the device refused, timed out, went away (`custos devices attest` exit 1).
        case refused
        /// The image, transcript or a device reply cannot be read as what it claims (exit 2).
        case unparsable
    }

    struct Expected: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case verdict, model, challenge
            case firmwareVersion = "firmware_version"
            case deviceHash = "device_hash"
            case expectedHash = "expected_hash"
            case problemsContain = "problems_contain"
        }
        let verdict: Verdict
        let model: String?
        let challenge: String?
        let firmwareVersion: String?
        let deviceHash: String?
        let expectedHash: String?
        let problemsContain: [String]?
    }

    /// How the challenge is chosen, validated before anything is read.
    private enum Challenge {
        case recorded
        case random
        case given([UInt8])
    }

    static func run(input: Input, expected: Expected, context: CaseContext) async throws(LabCaseError) -> CaseOutcome {
        let challenge = try challengeChoice(input.challenge)
        let timeout = input.timeoutMilliseconds ?? defaultTimeoutMilliseconds
        guard (1...60_000).contains(timeout) else {
            throw .invalidField("input.timeout_ms must be between 1 and 60000, got \(timeout)")
        }
        let expectedChallenge = try expected.challenge.map { text throws(LabCaseError) in
            try CaseContext.hex(text, field: "expected.challenge")
        }
        let deviceHash = try expected.deviceHash.map { text throws(LabCaseError) in
            try CaseContext.hex(text, field: "expected.device_hash", byteCount: 32)
        }
        let expectedHash = try expected.expectedHash.map { text throws(LabCaseError) in
            try CaseContext.hex(text, field: "expected.expected_hash", byteCount: 32)
        }
        let transcriptFile = try context.read(
            "input.transcript", input.transcript, pinnedSHA256: input.transcriptSHA256, limit: transcriptLimit)
        let imageFile = try context.read("input.image", input.image, pinnedSHA256: input.imageSHA256, limit: imageLimit)
        var outcome = CaseOutcome()
        outcome.record("transcript", transcriptFile.path)
        outcome.record("transcript SHA-256", transcriptFile.sha256)
        outcome.record("image", imageFile.path)
        outcome.record("image SHA-256", imageFile.sha256)

        let attempt = await attest(
            transcript: transcriptFile, image: imageFile, reference: input.transcript, challenge: challenge,
            timeout: .milliseconds(timeout), outcome: &outcome)
        outcome.check("verdict", expected: expected.verdict.rawValue, actual: attempt.verdict.rawValue)
        let result = attempt.result
        outcome.check("model", expected: expected.model, actual: result?.model.rawValue)
        outcome.check(
            "firmware version", expected: expected.firmwareVersion, actual: result?.description.firmwareVersion)
        outcome.check("challenge", expected: expectedChallenge, actual: result?.challenge.hexString)
        outcome.check("device hash", expected: deviceHash, actual: result?.deviceHash.hexString)
        outcome.check("expected hash", expected: expectedHash, actual: result?.expectedHash.hexString)
        outcome.checkProblems(expected.problemsContain, in: attempt.problems)
        return outcome
    }

    private struct Attempt {
        var verdict: Verdict
        var problems: [String] = []
        var result: DeviceAttestation.Result?
    }

    private static func attest(
        transcript file: CaseContext.InputFile, image imageFile: CaseContext.InputFile, reference: String,
        challenge choice: Challenge, timeout: Duration, outcome: inout CaseOutcome
    ) async -> Attempt {
        let transcript: Transcript
        do {
            transcript = try Transcript.parse(String(decoding: file.bytes, as: UTF8.self))
        } catch {
            return Attempt(verdict: .unparsable, problems: ["transcript: \(error)"])
        }
        let image: TrezorInstalledImage
        do {
            image = try TrezorInstalledImage(fileBytes: imageFile.bytes)
        } catch {
            return Attempt(
                verdict: error.category.isUnusableInput ? .unparsable : .refused, problems: [error.description])
        }
        outcome.record(
            "installed image",
            "\(image.bytes.count) bytes, \(image.family.rawValue)"
                + (image.strippedLegacyHeader ? ", TRZR header stripped" : ""))
        let challenge: [UInt8]
        let source: DeviceAttestation.ChallengeSource
        switch choice {
        case .recorded:
            do {
                challenge = try TranscriptChallenge.recorded(in: transcript)
            } catch {
                return Attempt(
                    verdict: error.category.isUnusableInput ? .unparsable : .refused,
                    problems: ["cannot take the challenge from the transcript: \(error)"])
            }
            source = .transcript
        case .random:
            do {
                challenge = try SecureRandom.bytes(count: 32)
            } catch {
                return Attempt(verdict: .refused, problems: ["no random challenge: \(error)"])
            }
            source = .random
        case .given(let bytes):
            challenge = bytes
            source = .given
        }
        let opened: DeviceOpening.Opened
        do {
            opened = try await DeviceOpening.open(
                .transcript(transcript, name: "replay:\(reference)"), probeTimeout: timeout)
        } catch {
            return Attempt(verdict: .refused, problems: [error.description])
        }
        let attempt: Attempt
        switch await FirmwareAttestation.attest(
            session: DeviceSession(identity: opened.identity, transport: opened.transport), timeout: timeout,
            reference: .image(label: imageFile.path, image), challenge: challenge, source: source)
        {
        case .compared(let result, _):
            attempt = Attempt(
                verdict: result.matches ? .match : .mismatch,
                problems: result.matches ? [] : ["the device's firmware hash differs from the approved image's"],
                result: result)
            outcome.record("device", "\(result.description.vendor) \(result.model.rawValue)")
            outcome.record("firmware version", result.description.firmwareVersion ?? "(not reported)")
            outcome.record("device hash", result.deviceHash.hexString)
            outcome.record("expected hash", result.expectedHash.hexString)
        case .refused(_, let reasons, let unparsable):
            attempt = Attempt(verdict: unparsable ? .unparsable : .refused, problems: reasons.map(\.message))
        case .failed(let error):
            attempt = Attempt(verdict: error.isUnparsable ? .unparsable : .refused, problems: [error.description])
        }
        outcome.record("challenge", challenge.hexString + " (\(challengeNote(source)))")
        let replayedToTheEnd = await (opened.transport as? ReplayTransport)?.isFinished ?? false
        outcome.record("transcript replayed to the end", replayedToTheEnd ? "yes" : "no")
        await opened.transport.close()
        for problem in attempt.problems { outcome.record("problem", problem) }
        return attempt
    }

    private static func challengeChoice(_ text: String?) throws(LabCaseError) -> Challenge {
        switch text ?? "recorded" {
        case "recorded": return .recorded
        case "random": return .random
        case let hex:
            guard let bytes = [UInt8](hex: hex), bytes.count <= 32 else {
                throw .invalidField("input.challenge must be \"recorded\", \"random\" or hex of at most 32 bytes")
            }
            return .given(bytes)
        }
    }

    private static func challengeNote(_ source: DeviceAttestation.ChallengeSource) -> String {
        switch source {
        case .transcript: return "REPLAY: recorded in the transcript; proves the transcript matches the image"
        case .random: return "fresh random"
        case .given: return "given by the case"
        }
    }
}
