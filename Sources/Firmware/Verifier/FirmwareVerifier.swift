internal import CustosCrypto
internal import CustosSupport

/// Decides whether a firmware image is a genuine, official vendor release and, given the team's approvals, whether
/// it may be installed: integrity → signature threshold → identity policy → release index → manifest approval.
///
/// Modelled on swift-certificates' `Verifier`: the trust anchors and policy are values set up front, every step
/// returns a value with its reasons, and the verdict is derived from the steps, so a caller can show exactly why an
/// image was refused. Only parsing (`FirmwareImage(bytes:)`) throws.
public struct FirmwareVerifier: Sendable {
    public var trust: FirmwareTrustStore
    public var policy: IdentityPolicy

    public init(trust: FirmwareTrustStore = .embedded, policy: IdentityPolicy = .production) {
        self.trust = trust
        self.policy = policy
    }

    /// Runs every step on `image`. Without `approvals` the approval step is skipped (`approved` is nil).
    public func verify(_ image: FirmwareImage, approvals: ApprovedFirmwareList? = nil) -> FirmwareVerification {
        let parsed = image.parsed
        let integrity = parsed.checkIntegrity()
        let signature = parsed.checkSignatures(trust: trust)
        let identity = parsed.checkIdentity(signature: signature, trust: trust, policy: policy)
        let release = matchRelease(parsed)
        var approval: ApprovalResult?
        if let approvals {
            var version = parsed.summary.version
            if version == nil, case .listed(let listed) = release { version = listed.version }
            approval = Self.approve(parsed.summary, version: version, approvals: approvals)
        }
        return FirmwareVerification(
            image: parsed.summary, integrity: integrity, signature: signature, identity: identity, release: release,
            approval: approval)
    }

    func matchRelease(_ parsed: any VendorFirmwareImage) -> ReleaseMatch {
        guard let lookup = parsed.releaseLookup else { return .noIndex(parsed.noIndexReason) }
        let hex = lookup.hash.hexString
        let matches = trust.releases(parsed.summary.vendor, kind: lookup.kind, hashHex: hex).filter { release in
            lookup.models.isEmpty || lookup.models.contains { $0.lowercased() == release.model.lowercased() }
        }
        if let release = matches.first { return .listed(release) }
        return .unlisted(
            "\(lookup.what) \(hex) is in no pinned official release index"
                + (lookup.models.isEmpty ? "" : " for \(lookup.models.joined(separator: "/"))"))
    }

    /// The manifest step: the image's fingerprint (or file hash) must be an approved target for its model, at a
    /// version not below the approval's `min_version`.
    static func approve(
        _ image: FirmwareDescription, version: String?, approvals: ApprovedFirmwareList
    ) -> ApprovalResult {
        let fingerprint = image.fingerprint.hexString
        let fileHash = image.fileSHA256.hexString
        let candidates = approvals.entries.filter {
            $0.vendor == image.vendor && ($0.fingerprint == fingerprint || $0.sha256 == fileHash)
        }
        let imageModels = (image.model ?? "").lowercased().split(separator: "/").map(String.init)
        guard !candidates.isEmpty else {
            return ApprovalResult(
                approved: false, match: nil,
                problems: [
                    Problem(
                        code: ApprovalResult.Codes.notApproved,
                        message:
                            "fingerprint \(fingerprint) is not an approved \(image.vendor.rawValue) target in the manifest"
                    )
                ])
        }
        guard let entry = candidates.first(where: { imageModels.contains($0.model.lowercased()) }) else {
            let models = Set(candidates.map(\.model)).sorted().joined(separator: ", ")
            return ApprovalResult(
                approved: false, match: nil,
                problems: [
                    Problem(
                        code: ApprovalResult.Codes.model,
                        message:
                            "the manifest approves this image for \(models), not for \(image.model ?? "this model")")
                ])
        }
        var reasons: [Problem] = []
        if let sha256 = entry.sha256, sha256 != fileHash {
            reasons.append(
                ApprovalResult.Codes.fileHash, "file SHA-256 \(fileHash) differs from the approved target's \(sha256)")
        }
        let effective = version ?? entry.version
        if version != nil,
            DottedVersion.parse(releaseName: effective) != DottedVersion.parse(releaseName: entry.version)
        {
            reasons.append(
                ApprovalResult.Codes.version,
                "the manifest approves version \(entry.version), the image is version \(effective)")
        }
        if let actual = DottedVersion.parse(releaseName: effective),
            let minimum = DottedVersion.parse(releaseName: entry.minVersion)
        {
            if actual < minimum {
                reasons.append(
                    ApprovalResult.Codes.rollback,
                    "version \(effective) is below the manifest's min_version \(entry.minVersion) (rollback)")
            }
        } else {
            reasons.append(
                ApprovalResult.Codes.version, "cannot compare version \(effective) with min_version \(entry.minVersion)"
            )
        }
        return ApprovalResult(approved: reasons.isEmpty, match: entry, problems: reasons)
    }
}
