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

    /// Production signature, intact, and the vendor's official identity: what the image itself can prove.
    public var vendorSigned: Bool {
        integrity.passed && signature.outcome == .production && identity.passed
    }

    /// Genuine: vendor-signed (above) and listed in the vendor's published release history as pinned. A manifest
    /// approval does not make an image genuine; it can only make an unlisted one accepted.
    public var genuine: Bool {
        guard vendorSigned, case .listed = release else { return false }
        return true
    }

    /// Nil without a manifest.
    public var approved: Bool? { approval?.approved }

    /// Accepted (exit 0): genuine and not refused by a given manifest, or unlisted and approved by the manifest.
    public var accepted: Bool {
        switch verdict {
        case .genuine: return approved != false
        case .unlisted: return approved == true
        case .refused: return false
        }
    }

    /// What the image is, before any manifest: GENUINE, UNLISTED (vendor-signed, in no pinned index) or REFUSED.
    public var verdict: FirmwareVerdict {
        guard vendorSigned else { return .refused }
        return genuine ? .genuine : .unlisted
    }

    /// The word printed for the image: its verdict, except that a genuine image a given manifest does not approve is
    /// refused.
    public var printedVerdict: FirmwareVerdict {
        verdict == .genuine && approved == false ? .refused : verdict
    }

    /// The listed release, if any.
    public var listedRelease: VendorRelease? {
        if case .listed(let release) = release { return release }
        return nil
    }

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
        // An unlisted image is only worth mentioning once it is otherwise vendor-signed; before that it adds noise.
        if vendorSigned, approval?.approved != true {
            switch release {
            case .listed: break
            case .unlisted(let reason), .noIndex(let reason):
                problems += [
                    Problem(code: Self.Codes.unlisted, message: FirmwareVerdict.unlistedMessage),
                    Problem(code: Self.Codes.unlisted, message: reason),
                ]
            }
        }
        if let approval, !approval.approved { problems += approval.problems }
        return problems
    }
}

/// The three verdicts of `custos firmware verify`.
public enum FirmwareVerdict: String, Sendable {
    /// Production signature, official identity, and listed in the vendor's published release history.
    case genuine = "GENUINE"
    /// Production-signed and well-formed, but in no pinned release index: refused unless the manifest approves it.
    case unlisted = "UNLISTED"
    /// Anything else: bad integrity, no production signature threshold, or not the vendor's official identity.
    case refused = "REFUSED"

    public static let unlistedMessage =
        "signed with the vendor's production keys but not a release the vendor published, as far as the pinned "
        + "history knows; approve its fingerprint in the manifest to accept it"
}
