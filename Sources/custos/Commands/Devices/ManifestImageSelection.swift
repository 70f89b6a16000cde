internal import CustosSupport
internal import Devices
internal import Firmware
internal import Manifest

/// `attest --manifest`: the images the pinned manifest approves for the firmware a device says it runs, each found
/// on this machine and checked twice — as a TUF target (length and every hash) and by the Firmware verifier
/// (integrity, the approval step's fingerprint, SHA-256, model, version and min_version, and whether it is an
/// official vendor release).
struct ManifestImageSelection {
    /// One approved image the device's answer may be compared with.
    struct Candidate {
        let approval: FirmwareApproval
        let path: String
        let fileByteCount: Int
        let installed: TrezorInstalledImage
        let verification: FirmwareVerification
    }

    enum Outcome {
        /// Images to compare with; `notes` say why other approvals of the same version could not be used.
        case candidates([Candidate], notes: [String])
        /// The manifest does not approve what the device runs, or no approved image could be used (exit 1).
        case refused([String])
        /// An approved image file holds the approved bytes but cannot be parsed as firmware (exit 2).
        case unparsable([String])
    }

    let folder: String
    let manifest: TrustedManifest
    let store: ManifestStore
    let imageDirectories: [String]
    let allowUnofficial: Bool

    /// Loads and re-verifies the store offline (exit 2 when nothing is trusted there yet).
    static func load(folder: String, imageDirectories: [String], allowUnofficial: Bool) throws -> Self {
        let store = ManifestStore(folder: folder)
        do {
            return Self(
                folder: folder, manifest: try TrustedManifest.load(from: store), store: store,
                imageDirectories: imageDirectories, allowUnofficial: allowUnofficial)
        } catch {
            throw ManifestFailure(error, unparsableWhenLocal: true)
        }
    }

    /// The approved images for a device of `model` running `firmwareVersion`.
    func select(vendor: FirmwareVendor, model: String, firmwareVersion: String?) -> Outcome {
        guard let text = firmwareVersion, let version = DottedVersion(text) else {
            return .refused(["the device reports no usable firmware version (\(firmwareVersion ?? "none"))"])
        }
        let approvals: [FirmwareApproval]
        switch manifest.approvals(forDeviceOf: vendor.rawValue, model: model, running: version) {
        case .refused(let reasons): return .refused(reasons)
        case .approved(let found): approvals = found
        }
        var candidates: [Candidate] = []
        var notes: [String] = []
        var unparsable: [String] = []
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
        case refused([String])
        case unparsable(String)
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
                    "the approved image \(target) is not on this machine (looked for \(searched.joined(separator: ", "))): "
                        + "run `custos manifest update --images` or give --image-dir"
                ]))
        case .mismatched(let reasons):
            return .failure(.refused(reasons))
        }
        let image: FirmwareImage
        do {
            image = try FirmwareImage(bytes: bytes)
        } catch {
            return .failure(.unparsable("\(path) (approved \(target)) is not a firmware image Custos reads: \(error)"))
        }
        let verification = FirmwareVerifier().verify(image, approvals: ManifestApprovals.list([approval]))
        var problems: [String] = []
        if verification.approved != true { problems += verification.approval?.reasons ?? [] }
        if !verification.integrity.passed { problems += verification.integrity.reasons }
        if !verification.accepted && !allowUnofficial {
            problems.append(
                "not an official vendor release: "
                    + verification.problems.filter { !problems.contains($0) }.joined(separator: "; ")
                    + " (--allow-unofficial accepts such images for lab tests)")
        }
        guard problems.isEmpty else {
            return .failure(.refused(problems.map { "\(target): \($0)" }))
        }
        do {
            let installed = try TrezorInstalledImage(fileBytes: bytes)
            return .success(
                Candidate(
                    approval: approval, path: path, fileByteCount: bytes.count, installed: installed,
                    verification: verification))
        } catch {
            return error.isUnparsable
                ? .failure(.unparsable("\(target): \(error)")) : .failure(.refused(["\(target): \(error)"]))
        }
    }
}
