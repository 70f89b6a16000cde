internal import CustosSupport
internal import ManifestProfile

/// Renders a `TrustedManifest` for `custos manifest show`.
enum ManifestReport {
    static func text(_ manifest: TrustedManifest, store: ManifestStore) -> String {
        var lines = ["Manifest store: \(store.folder)"]
        lines.append(manifest.isExpired ? "Status: EXPIRED (approvals are not usable)" : "Status: current")
        lines.append("")
        lines.append("Roles:")
        let width = manifest.roles.map(\.name.count).max() ?? 0
        for role in manifest.roles {
            let padding = String(repeating: " ", count: width - role.name.count)
            lines.append(
                "  \(role.name)\(padding)  v\(role.version)  expires \(role.expires)\(role.isExpired ? "  EXPIRED" : "")"
            )
        }
        lines.append("")
        lines.append("Approved firmware:")
        if manifest.approvals.isEmpty { lines.append("  none") }
        var currentModel = ""
        for approval in manifest.approvals {
            let model = "\(approval.vendor) \(approval.model)"
            if model != currentModel {
                lines.append(
                    "  \(model) (minimum version \(manifest.minimumVersion(vendor: approval.vendor, model: approval.model).map(\.description) ?? "-"))"
                )
                currentModel = model
            }
            lines.append(
                "    \(approval.version)  \(approval.channel)  \(approval.imageFileName)  \(approval.length) bytes")
            lines.append("      fingerprint \(approval.fingerprint)")
            if let sha256 = approval.sha256 { lines.append("      sha256      \(sha256)") }
        }
        lines.append("")
        lines.append("Migration policy:")
        if let policy = manifest.policy {
            lines.append(
                "  network \(policy.network.rawValue), expires \(policy.expires)"
                    + (policy.isExpired(at: manifest.referenceTime) ? "  EXPIRED" : ""))
            lines.append(
                "  quorum \(policy.quorum) of \(policy.requiredCosigners.count): "
                    + policy.requiredCosigners.joined(separator: ", "))
            lines.append("  max fee \(policy.maximumFee) sat, max fee rate \(policy.maximumFeeRate) sat/vB")
            lines.append("  allowed destinations:")
            for destination in policy.allowedDestinations { lines.append("    \(destination)") }
        } else {
            lines.append("  none")
        }
        if !manifest.problems.isEmpty {
            lines.append("")
            lines.append("Problems:")
            for problem in manifest.problems { lines.append("  \(problem)") }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ manifest: TrustedManifest, store: ManifestStore) -> String {
        let roles = manifest.roles.map { role in
            JSONValue.object([
                "name": .string(role.name), "version": .integer(role.version),
                "expires": .string(role.expires.iso8601), "expired": .bool(role.isExpired),
            ])
        }
        let approvals = manifest.approvals.map { approval in
            JSONValue.object([
                "vendor": .string(approval.vendor), "model": .string(approval.model),
                "version": .string(approval.version.description), "fingerprint": .string(approval.fingerprint),
                "min_version": .string(approval.minimumVersion.description), "channel": .string(approval.channel),
                "target": .string(approval.targetPath), "length": .integer(approval.length),
                "sha256": approval.sha256.map(JSONValue.string) ?? .null,
            ])
        }
        let policy: JSONValue
        if let found = manifest.policy {
            policy = .object([
                "network": .string(found.network.rawValue),
                "allowed_destinations": .array(found.allowedDestinations.map(JSONValue.string)),
                "max_fee_rate_sat_vb": .decimal(String(found.maximumFeeRate)),
                "max_fee_sat": .integer(found.maximumFee),
                "required_cosigners": .array(found.requiredCosigners.map(JSONValue.string)),
                "quorum": .integer(Int64(found.quorum)), "expires": .string(found.expires.iso8601),
                "expired": .bool(found.isExpired(at: manifest.referenceTime)),
            ])
        } else {
            policy = .null
        }
        return JSONWriter.compact(
            .object([
                "store": .string(store.folder), "expired": .bool(manifest.isExpired), "roles": .array(roles),
                "approvals": .array(approvals), "policy": policy,
                "problems": .array(manifest.problems.map(JSONValue.string)),
            ]))
    }
}
