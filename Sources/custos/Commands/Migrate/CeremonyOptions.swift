internal import ArgumentParser
internal import Bitcoin
internal import Ceremony
internal import ManifestProfile

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// `--policy FILE` or `--manifest DIR`: where the migration policy comes from (at most one).
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: "Enforce the migration policy in this JSON file (docs/MANIFEST.md).")
    var policy: String?

    @Option(
        name: .long,
        help: "Enforce the migration policy of the trusted TUF manifest in this store folder (refused if expired).")
    var manifest: String?

    func validate() throws {
        if policy != nil && manifest != nil { throw ValidationError("give --policy or --manifest, not both") }
    }

    /// The policy, or nil when neither option is given.
    func load() throws -> CeremonyPolicy? {
        if let policy {
            let bytes = try FileIO.readInput(policy, limit: MigrationPolicy.maximumFileLength)
            return try CeremonyPolicy.parse(bytes, source: policy)
        }
        if let manifest { return try CeremonyPolicy.fromManifest(folder: manifest) }
        return nil
    }
}

/// `--audit-log PATH`: append an entry for this step to the hash-chained audit log.
struct AuditLogOption: ParsableArguments {
    @Option(
        name: .long,
        help: "Append this step to the audit log at PATH (JSON lines, hash-chained, fsynced); see `custos audit`.")
    var auditLog: String?

    /// Checks the existing log before a step does anything, so a damaged log stops the step before it writes its
    /// output (the append checks again, under the lock).
    func checkExisting() throws {
        guard let auditLog, PathCheck.exists(auditLog) else { return }
        _ = try AuditLog(path: auditLog).verify()
    }

    /// Appends `record` when the option is given. Returns the line that tells the treasurer the new head to
    /// write down, for the command to print (on stderr) once it has printed everything else.
    func append(_ record: AuditRecord) throws -> AuditNote {
        guard let auditLog else { return AuditNote(text: nil) }
        let appended = try AuditLog(path: auditLog).append(record, tool: "custos \(CustosVersion.number)")
        return AuditNote(
            text: "audit log \(auditLog): entry \(appended.entry.sequence) (\(record.action)), head \(appended.head)")
    }
}

/// The audit log's new head, printed last on stderr.
struct AuditNote {
    let text: String?

    func print() {
        if let text { CommandRunner.printError(text) }
    }
}

/// Whether a path names an existing file (POSIX access(2)).
enum PathCheck {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}

/// Reading the wallet: each `--descriptor` value is a descriptor, or a file holding one or two.
enum WalletInput {
    static func read(_ values: [String]) throws -> (wallet: CeremonyWallet, files: [AuditEntry.FileRecord]) {
        var texts: [String] = []
        var records: [AuditEntry.FileRecord] = []
        for value in values {
            if value.contains("(") {
                texts.append(value)
                records.append(AuditEntry.FileRecord(file: "descriptor", bytes: Array(value.utf8)))
            } else {
                let bytes = try FileIO.readInput(value, limit: 1 << 20)
                records.append(AuditEntry.FileRecord(file: value, bytes: bytes))
                texts += CeremonyWallet.descriptorLines(in: String(decoding: bytes, as: UTF8.self))
            }
        }
        return (try CeremonyWallet(descriptors: texts), records)
    }
}
