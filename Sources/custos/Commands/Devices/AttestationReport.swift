internal import Custody
internal import CustosCrypto
internal import CustosSupport
internal import Devices
internal import Firmware

/// Text and JSON renderings of `custos devices attest`: the device, what it was compared with (and, with a
/// manifest, why that image is the approved one), the hashes and the verdict.
struct AttestationReport {
    typealias Compared = FirmwareAttestation.Compared

    let transport: String
    let manifest: String?
    let allowUnofficial: Bool

    // MARK: - Text

    func text(_ result: DeviceAttestation.Result, compared: Compared) -> String {
        var lines = [deviceLine(result.description, model: result.model.rawValue)]
        if let manifest { lines.append("manifest:   \(manifest)") }
        for image in compared.images {
            let installed = image.installed
            var detail = "\(installed.bytes.count) bytes installed"
            if installed.strippedLegacyHeader { detail += ", TRZR header stripped" }
            if let approved = image.approved {
                let approval = approved.approval
                lines.append(
                    "approved:   \(approval.targetPath) version \(approval.version) (minimum \(approval.minimumVersion), "
                        + "\(approval.channel))")
                detail += "; length, sha256 and fingerprint \(approval.fingerprint) as approved"
                lines.append("image:      \(image.label) (\(detail))")
                lines.append("official:   \(officialNote(approved.verification))")
            } else {
                lines.append("image:      \(image.label) (\(detail))")
            }
        }
        lines.append("challenge:  \(result.challenge.hexString) (\(Self.challengeNote(result.challengeSource)))")
        lines.append("device:     \(result.deviceHash.hexString)")
        for (index, hash) in result.expectedHashes.enumerated() {
            let label = compared.images.count > 1 ? " (\(targetName(compared.images[index])))" : ""
            lines.append("expected:   \(hash.hexString)\(label)")
        }
        for note in compared.notes { lines.append("note:       \(note.message)") }
        if result.challengeSource == .transcript {
            lines.append("note:       replay mode proves the transcript matches the image, not that a device does")
        }
        if let index = result.matchingImage {
            let what =
                manifest == nil ? "the approved image" : "the approved image \(targetName(compared.images[index]))"
            lines.append("verdict:    MATCH: the device runs \(what)")
        } else {
            lines.append("verdict:    MISMATCH")
        }
        return lines.joined(separator: "\n")
    }

    func refusalText(_ device: DeviceAttestation.IdentifiedDevice, reasons: [Problem]) -> String {
        var lines = [deviceLine(device.description, model: device.model.rawValue)]
        if let manifest { lines.append("manifest:   \(manifest)") }
        for (index, reason) in reasons.enumerated() {
            lines.append((index == 0 ? "verdict:    REFUSED: " : "            ") + reason.message)
        }
        return lines.joined(separator: "\n")
    }

    private func deviceLine(_ description: DeviceDescription, model: String) -> String {
        "device:     \(transport) \(description.vendor) \(model) firmware \(description.firmwareVersion ?? "unknown")"
    }

    private func officialNote(_ verification: FirmwareVerification) -> String {
        if verification.genuine {
            var note = "yes: vendor signature with production keys"
            if case .listed(let release) = verification.release { note += ", official release \(release.version)" }
            return note
        }
        if verification.verdict == .unlisted && verification.accepted {
            return
                "UNLISTED: vendor signature with production keys, in no pinned release index; approved by the manifest"
        }
        let problems = verification.problems.map(\.message).joined(separator: "; ")
        return "NO: \(problems)" + (allowUnofficial ? " (accepted: --allow-unofficial)" : "")
    }

    private func targetName(_ image: Compared.Image) -> String {
        image.approved?.approval.targetPath ?? image.label
    }

    static func challengeNote(_ source: DeviceAttestation.ChallengeSource) -> String {
        switch source {
        case .random: return "fresh random"
        case .transcript: return "REPLAY: recorded in the transcript"
        case .given: return "GIVEN with --challenge: not fresh, an old answer could be replayed"
        }
    }

    // MARK: - JSON

    func json(_ result: DeviceAttestation.Result, compared: Compared) -> String {
        let description = result.description
        let shown = compared.images[result.matchingImage ?? 0]
        var problems: [Problem] = []
        if !result.matches {
            problems.append(
                Problem(
                    code: DeviceAttestation.Codes.mismatch,
                    message: "the device's firmware hash differs from the approved image's"))
            problems += compared.notes
        }
        var fields = deviceFields(description, model: result.model.rawValue)
        fields += [
            ("image", JSONWriter.quote(shown.label)),
            ("installedImageBytes", String(shown.installed.bytes.count)),
            ("challenge", JSONWriter.quote(result.challenge.hexString)),
            ("challengeSource", JSONWriter.quote(result.challengeSource.rawValue)),
            ("deviceHash", JSONWriter.quote(result.deviceHash.hexString)),
            ("expectedHash", JSONWriter.quote(result.expectedHash.hexString)),
            ("match", String(result.matches)),
            ("verdict", JSONWriter.quote(result.matches ? "match" : "mismatch")),
            ("manifest", JSONText.optional(manifest)),
            (
                "matchedTarget",
                JSONText.optional(
                    result.matchingImage.flatMap { compared.images[$0].approved?.approval.targetPath })
            ),
            ("approved", manifest == nil ? "null" : approvedJSON(compared, expected: result.expectedHashes)),
            ("problems", JSONText.problems(problems)),
        ]
        return JSONText.object(fields)
    }

    func refusalJSON(_ device: DeviceAttestation.IdentifiedDevice, reasons: [Problem]) -> String {
        var fields = deviceFields(device.description, model: device.model.rawValue)
        fields += [
            ("match", "false"),
            ("verdict", JSONWriter.quote("refused")),
            ("manifest", JSONText.optional(manifest)),
            ("matchedTarget", "null"),
            ("approved", "[]"),
            ("problems", JSONText.problems(reasons)),
        ]
        return JSONText.object(fields)
    }

    private func deviceFields(_ description: DeviceDescription, model: String) -> [(String, String)] {
        [
            ("device", JSONWriter.quote(transport)),
            ("vendor", JSONWriter.quote(description.vendor)),
            ("model", JSONWriter.quote(model)),
            ("firmwareVersion", JSONText.optional(description.firmwareVersion)),
        ]
    }

    private func approvedJSON(_ compared: Compared, expected: [[UInt8]]) -> String {
        let objects = compared.images.enumerated().compactMap { index, image -> String? in
            guard let candidate = image.approved else { return nil }
            let approval = candidate.approval
            return JSONText.object([
                ("target", JSONWriter.quote(approval.targetPath)),
                ("version", JSONWriter.quote(approval.version.description)),
                ("minVersion", JSONWriter.quote(approval.minimumVersion.description)),
                ("channel", JSONWriter.quote(approval.channel)),
                ("fingerprint", JSONWriter.quote(approval.fingerprint)),
                ("file", JSONWriter.quote(candidate.path)),
                ("fileBytes", String(candidate.fileByteCount)),
                ("official", String(candidate.verification.genuine)),
                ("expectedHash", JSONWriter.quote(index < expected.count ? expected[index].hexString : "")),
            ])
        }
        return "[" + objects.joined(separator: ", ") + "]"
    }
}
