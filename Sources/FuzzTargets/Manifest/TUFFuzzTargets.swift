internal import CustosSupport
internal import ManifestProfile
internal import TUF

/// TUF metadata and its canonical JSON (issue 4): what a hijacked update server could send.
public enum TUFFuzzTargets {
    /// `SignedEnvelope(bytes:role:)`, the typed metadata its `_type` names and the Custos profile (migration policy,
    /// firmware approvals). The canonical bytes the signatures are checked over are the same whichever way they were
    /// made (the parser's fast path over canonically ordered text, or the canonical encoder), and what a plain
    /// reference encoder writes; errors are printable. `OracleDifferentialTests` compares the bytes with
    /// securesystemslib's `encode_canonical`.
    public static func metadata(_ bytes: [UInt8]) throws(InvariantFailure) {
        try checkProfile(bytes)
        let envelope: SignedEnvelope
        do {
            envelope = try SignedEnvelope(bytes: bytes, role: "fuzz")
        } catch {
            try TerminalText.requirePrintable([error.description], "metadata error")
            return
        }
        let encoded: [UInt8]
        do {
            encoded = try CanonicalJSON.encode(.object(envelope.signed))
        } catch {
            throw InvariantFailure("accepted metadata has no canonical form: \(error)")
        }
        try InvariantFailure.require(
            ReferenceCanonicalJSON.encode(.object(envelope.signed)) == encoded,
            "CanonicalJSON and the reference encoder disagree on the signed object")
        try InvariantFailure.require(
            envelope.canonicalSigned == encoded,
            "the signed bytes differ from the canonical encoding: \(String(decoding: envelope.canonicalSigned, as: UTF8.self)) "
                + "vs \(String(decoding: encoded, as: UTF8.self))")
        let signed = envelope.signed
        var errors: [String] = []
        do {
            switch envelope.type {
            case "root": _ = try RootMetadata(signed)
            case "timestamp": _ = try TimestampMetadata(signed)
            case "snapshot": _ = try SnapshotMetadata(signed)
            case "targets": errors += approvalErrors(try TargetsMetadata(signed, roleName: "targets"))
            default: break
            }
        } catch {
            errors.append(error.description)
        }
        try TerminalText.requirePrintable(errors, "metadata error")
    }

    /// The Custos profile on top of TUF (docs/MANIFEST.md): a migration policy file, and the firmware approvals in
    /// targets' `custom` blocks. Their errors quote the documents, and are printed.
    private static func checkProfile(_ bytes: [UInt8]) throws(InvariantFailure) {
        var errors: [String] = []
        do {
            _ = try MigrationPolicy.parse(bytes)
        } catch {
            errors.append(error.description)
        }
        if let envelope = try? SignedEnvelope(bytes: bytes, role: "fuzz"), envelope.type == "targets",
            let targets = try? TargetsMetadata(envelope.signed, roleName: "targets")
        {
            errors += approvalErrors(targets)
        }
        try TerminalText.requirePrintable(errors, "profile error")
    }

    private static func approvalErrors(_ targets: TargetsMetadata) -> [String] {
        var errors: [String] = []
        for target in targets.targets.values where target.custom != nil {
            do throws(ProfileError) {
                _ = try FirmwareApproval(target: target)
            } catch {
                errors.append(error.description)
            }
        }
        return errors
    }

    /// `JSONParser`, `JSONWriter` and `CanonicalJSON` on any bytes: a parsed document written compactly parses to
    /// the same value, and its canonical form is what a plain reference encoder writes. (Canonical JSON itself is not
    /// always RFC 8259 JSON: it keeps control characters raw, so it is not parsed back.)
    public static func canonicalJSON(_ bytes: [UInt8]) throws(InvariantFailure) {
        guard let value = try? JSONParser.parse(bytes) else { return }
        let compact = JSONWriter.compact(value)
        let reparsed: JSONValue
        do {
            reparsed = try JSONParser.parse(Array(compact.utf8))
        } catch {
            throw InvariantFailure("the compact form does not parse: \(error): \(compact.debugDescription)")
        }
        try InvariantFailure.require(reparsed == value, "the compact form parses to another value: \(compact)")
        let encoded = try? CanonicalJSON.encode(value)
        try InvariantFailure.require(
            encoded == ReferenceCanonicalJSON.encode(value), "CanonicalJSON and the reference encoder disagree")
    }
}
