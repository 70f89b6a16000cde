internal import CustosCrypto
internal import Firmware

/// `firmware-verify`: one image through `FirmwareImage(bytes:)` and `FirmwareVerifier`, exactly as `custos firmware
/// verify` runs it, against the verdict, identity and reasons the case expects.
enum FirmwareVerifyCase: LabCaseKind {
    static let name = "firmware-verify"
    /// Same ceiling as `custos firmware verify`: far above any vendor's firmware area.
    static let imageLimit = 64 * 1024 * 1024

    struct Input: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case image
            case imageSHA256 = "image_sha256"
            case bitbox02Edition = "bitbox02_edition"
        }
        let image: String
        let imageSHA256: String?
        let bitbox02Edition: String?
    }

    enum Verdict: String, Decodable, Sendable {
        case genuine
        /// Production-signed and well-formed, but in no pinned release index (`FirmwareVerdict.unlisted`).
        case unlisted
        case refused
        case unparsable
    }

    /// `SignatureCheck.Outcome`'s values, as a case file spells them.
    enum Signature: String, Decodable, Sendable {
        case production
        case development
        case invalid
    }

    struct Expected: CaseFields {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case verdict, vendor, format, model, version, fingerprint, signature, integrity, identity
            case keySets = "key_sets"
            case release
            case problemsContain = "problems_contain"
        }
        let verdict: Verdict
        let vendor: String?
        let format: String?
        let model: String?
        let version: String?
        let fingerprint: String?
        let signature: Signature?
        let integrity: Bool?
        let identity: Bool?
        let keySets: [String]?
        /// The official release version the index lists it as, or "unlisted" / "no-index".
        let release: String?
        let problemsContain: [String]?
    }

    static func run(input: Input, expected: Expected, context: CaseContext) async throws(LabCaseError) -> CaseOutcome {
        var policy = IdentityPolicy.production
        if let edition = input.bitbox02Edition {
            let editions = BitBox02Product.allCases.map(\.rawValue)
            guard editions.contains(edition) else {
                throw .invalidField(
                    "input.bitbox02_edition '\(edition)' is not one of " + editions.joined(separator: ", "))
            }
            policy.expectedBitBox02Product = edition
        }
        let fingerprint = try expected.fingerprint.map { fingerprint throws(LabCaseError) in
            try CaseContext.hex(fingerprint, field: "expected.fingerprint")
        }
        let file = try context.read("input.image", input.image, pinnedSHA256: input.imageSHA256, limit: imageLimit)
        var outcome = CaseOutcome()
        outcome.record("image", file.path)
        outcome.record("image size", "\(file.bytes.count) bytes")
        outcome.record("image SHA-256", file.sha256)
        let image: FirmwareImage
        do {
            image = try FirmwareImage(bytes: file.bytes)
        } catch {
            outcome.record("parse", "unparsable: \(error)")
            outcome.check("verdict", expected: expected.verdict.rawValue, actual: Verdict.unparsable.rawValue)
            outcome.checkProblems(expected.problemsContain, in: [error.description])
            return outcome
        }
        let result = FirmwareVerifier(policy: policy).verify(image)
        record(result, into: &outcome)
        let verdict: Verdict
        switch result.printedVerdict {
        case .genuine: verdict = .genuine
        case .unlisted: verdict = .unlisted
        case .refused: verdict = .refused
        }
        outcome.check("verdict", expected: expected.verdict.rawValue, actual: verdict.rawValue)
        outcome.check("vendor", expected: expected.vendor, actual: result.image.vendor.rawValue)
        outcome.check("format", expected: expected.format, actual: result.image.format)
        outcome.check("model", expected: expected.model, actual: result.image.model)
        outcome.check("version", expected: expected.version, actual: result.version)
        outcome.check("fingerprint", expected: fingerprint, actual: result.image.fingerprint.hexString)
        outcome.check("signature", expected: expected.signature?.rawValue, actual: result.signature.outcome.rawValue)
        outcome.check("integrity", expected: expected.integrity.map(passedText), actual: passedText(result.integrity))
        outcome.check("identity", expected: expected.identity.map(passedText), actual: passedText(result.identity))
        outcome.check(
            "key sets", expected: expected.keySets?.joined(separator: ", "),
            actual: result.signature.keySets.joined(separator: ", "))
        outcome.check("release", expected: expected.release, actual: releaseText(result.release))
        outcome.checkProblems(expected.problemsContain, in: result.problems.map(\.message))
        return outcome
    }

    private static func record(_ result: FirmwareVerification, into outcome: inout CaseOutcome) {
        let image = result.image
        outcome.record("vendor", image.vendor.rawValue)
        outcome.record("format", image.format)
        outcome.record("model", image.model ?? "(not stated)")
        outcome.record("version", result.version ?? "(not stated)")
        outcome.record("fingerprint", image.fingerprint.hexString)
        outcome.record("signature", result.signature.outcome.rawValue)
        outcome.record(
            "keys that signed",
            result.signature.keySets.isEmpty
                ? "(no pinned key set verifies)"
                : result.signature.keySets.joined(
                    separator: "; "))
        outcome.record("integrity", stepText(result.integrity))
        outcome.record("identity", stepText(result.identity))
        outcome.record("release index", releaseText(result.release))
        for fact in image.facts { outcome.record("fact", fact) }
        for problem in result.problems { outcome.record("problem", problem.message) }
    }

    private static func passedText(_ passed: Bool) -> String { passed ? "passed" : "failed" }
    private static func passedText(_ step: StepResult) -> String { passedText(step.passed) }

    private static func stepText(_ step: StepResult) -> String {
        passedText(step) + (step.reasons.isEmpty ? "" : ": " + step.reasons.joined(separator: "; "))
    }

    private static func releaseText(_ release: ReleaseMatch) -> String {
        switch release {
        case .listed(let listed): return listed.version
        case .unlisted: return "unlisted"
        case .noIndex: return "no-index"
        }
    }
}
