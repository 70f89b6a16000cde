public import CustosSupport
public import Devices
public import Firmware
public import ManifestProfile

/// `attest --manifest`: the images the pinned manifest approves for the firmware a device says it runs, each found
/// on this machine and checked twice — as a TUF target (length and every hash) and by the Firmware verifier
/// (integrity, the approval step's fingerprint, SHA-256, model, version and min_version, and whether it is an
/// official vendor release).
public struct ManifestImageSelection: Sendable {
    /// One approved image the device's answer may be compared with.
    public struct Candidate: Sendable {
        public let approval: FirmwareApproval
        public let path: String
        public let fileByteCount: Int
        public let installed: TrezorInstalledImage
        public let verification: FirmwareVerification
    }

    public enum Outcome: Sendable {
        /// Images to compare with; `notes` say why other approvals of the same version could not be used.
        case candidates([Candidate], notes: [Problem])
        /// The manifest does not approve what the device runs, or no approved image could be used.
        case refused([Problem])
        /// An approved image file holds the approved bytes but cannot be parsed as firmware.
        case unparsable([Problem])
    }

    public let folder: String
    public let manifest: TrustedManifest
    let store: ManifestStore
    public let imageDirectories: [String]
    /// Whether approved images that are not official vendor releases may be used (lab test images only).
    public let allowUnofficial: Bool

    /// Loads and re-verifies the store offline (malformed when nothing is trusted there yet); expiry is judged at
    /// `referenceTime`.
    public static func load(
        folder: String, imageDirectories: [String], allowUnofficial: Bool, referenceTime: UTCTime = SystemClock.now()
    ) throws(CustodyError) -> Self {
        Self(
            folder: folder, manifest: try TrustedManifests.load(folder: folder, referenceTime: referenceTime),
            store: ManifestStore(folder: folder), imageDirectories: imageDirectories, allowUnofficial: allowUnofficial)
    }

    /// The approved images for a device of `model` running `firmwareVersion`.
    public func select(vendor: FirmwareVendor, model: String, firmwareVersion: String?) -> Outcome {
        guard let text = firmwareVersion, let version = DottedVersion(text) else {
            return .refused([
                Problem(
                    code: Codes.versionUnusable,
                    message: "the device reports no usable firmware version (\(firmwareVersion ?? "none"))")
            ])
        }
        let approvals: [FirmwareApproval]
        switch manifest.approvals(forDeviceOf: vendor.rawValue, model: model, running: version) {
        case .refused(let problems): return .refused(problems)
        case .approved(let found): approvals = found
        }
        var candidates: [Candidate] = []
        var notes: [Problem] = []
        var unparsable: [Problem] = []
        for approval in approvals {
            switch candidate(for: approval) {
            case .success(let candidate): candidates.append(candidate)
            case .failure(.refused(let reasons)): notes += reasons
            case .failure(.unparsable(let reason)): unparsable.append(reason)
            }
        }
        if !unparsable.isEmpty && candidates.isEmpty { return .unparsable(unparsable + notes) }
        guard !candidates.isEmpty else { return .refused(notes) }
        return .candidates(candidates, notes: notes + unparsable)
    }

    private enum CandidateProblem: Error {
        case refused([Problem])
        case unparsable(Problem)
    }

    private func candidate(for approval: FirmwareApproval) -> Result<Candidate, CandidateProblem> {
        let target = approval.targetPath
        let bytes: [UInt8]
        let path: String
        switch store.approvedImage(approval, searching: imageDirectories) {
        case .found(let found, let at):
            bytes = found
            path = at
        case .notFound(let searched):
            return .failure(
                .refused([
                    Problem(
                        code: DeviceApprovalVerdict.Codes.imageMissing,
                        message: "the approved image \(target) is not on this machine (looked for "
                            + "\(searched.joined(separator: ", ")))", context: [("target", target)])
                ]))
        case .mismatched(let reasons):
            return .failure(
                .refused(
                    reasons.map {
                        Problem(
                            code: DeviceApprovalVerdict.Codes.imageMismatch, message: $0, context: [("target", target)])
                    }))
        }
        let image: FirmwareImage
        do {
            image = try FirmwareImage(bytes: bytes)
        } catch {
            return .failure(
                .unparsable(
                    Problem(
                        code: Codes.imageUnparsable,
                        message: "\(path) (approved \(target)) is not a firmware image Custos reads: \(error)",
                        context: [("target", target)])))
        }
        let verification = FirmwareVerifier().verify(image, approvals: ManifestApprovals.list([approval]))
        var found: [Problem] = []
        if verification.approved != true { found += verification.approval?.problems ?? [] }
        if !verification.integrity.passed {
            found += verification.problems.filter { $0.code == FirmwareVerification.Codes.integrity }
        }
        // Each keeps its own code (the approval or integrity rule), named with the target it is about.
        var problems = found.map {
            Problem(
                code: $0.code, message: "\(target): \($0.message)",
                context: [("target", target)] + $0.context.map { ($0.key, $0.value) })
        }
        if !verification.accepted && !allowUnofficial {
            let why = verification.problems.filter { !found.contains($0) }.map(\.message).joined(separator: "; ")
            problems.append(
                Problem(
                    code: Codes.imageUnofficial, message: "\(target): not an official vendor release: \(why)",
                    context: [("target", target)]))
        }
        guard problems.isEmpty else { return .failure(.refused(problems)) }
        do {
            let installed = try TrezorInstalledImage(fileBytes: bytes)
            return .success(
                Candidate(
                    approval: approval, path: path, fileByteCount: bytes.count, installed: installed,
                    verification: verification))
        } catch {
            let problem = Problem(code: error.code, message: "\(target): \(error)", context: [("target", target)])
            return error.isUnparsable ? .failure(.unparsable(problem)) : .failure(.refused([problem]))
        }
    }
}

extension ManifestImageSelection {
    public enum Codes {
        public static let versionUnusable = FailureCode(
            "attest.version.unusable", .refused,
            "The device reports no firmware version an approval could be matched with.")
        public static let imageUnparsable = FailureCode(
            "attest.image.unparsable", .malformed,
            "An approved image holds the approved bytes but is not firmware Custos reads.")
        public static let imageUnofficial = FailureCode(
            "attest.image.unofficial", .refused, "An approved image is not an official vendor release.")
    }
}
