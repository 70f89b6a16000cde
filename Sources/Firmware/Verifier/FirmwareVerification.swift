public import CustosSupport

/// Everything `FirmwareVerifier` found for one image, step by step, and the verdict drawn from it.
public struct FirmwareVerification: Sendable {
    public let image: FirmwareDescription
    public let integrity: StepResult
    public let signature: SignatureCheck
    public let identity: StepResult
    public let release: ReleaseMatch
    /// Nil when no approval list was given (no manifest).
    public let approval: ApprovalResult?

    /// The image's own version, or the release index's where the image carries none (Trezor One TRZR, BitBox02).
    public var version: String? {
        if let version = image.version { return version }
        if case .listed(let release) = release { return release.version }
        return nil
    }

    /// The vendor really signed this image with production keys, as its official identity, and it is an official
    /// release (or, where the index does not list it, the team's manifest approves it).
    public var genuine: Bool {
        guard integrity.passed, signature.outcome == .production, identity.passed else { return false }
        if case .unlisted = release { return approval?.approved == true }
        return true
    }

    /// Nil without a manifest.
    public var approved: Bool? { approval?.approved }

    /// Accepted: genuine, and approved when an approval list was given.
    public var accepted: Bool { genuine && approved != false }

    /// Every reason the image is not accepted, in step order, each with the code of its step.
    public var problems: [Problem] {
        var problems = integrity.reasons.map { Problem(code: Self.Codes.integrity, message: $0) }
        switch signature.outcome {
        case .production: break
        case .development:
            problems.append(
                Problem(
                    code: Self.Codes.developmentKeys,
                    message: "signed only with public development/debug keys "
                        + "(\(signature.keySets.joined(separator: ", "))): "
                        + "anyone can sign with them, so this is not a vendor release"))
        case .invalid:
            let reasons =
                signature.reasons.isEmpty ? ["no pinned vendor key set verifies the signatures"] : signature.reasons
            problems += reasons.map { Problem(code: Self.Codes.signatureThreshold, message: $0) }
        }
        problems += identity.reasons.map { Problem(code: Self.Codes.identity, message: $0) }
        // An unlisted image is only worth mentioning once it is otherwise genuine; before that it adds noise.
        if case .unlisted(let reason) = release, problems.isEmpty, approval?.approved != true {
            problems.append(Problem(code: Self.Codes.unlisted, message: reason))
        }
        if let approval, !approval.approved { problems += approval.problems }
        return problems
    }
}
