internal import BitcoinPSBT
internal import Ceremony

/// Writing a PSBT produced by combine or finalize, and recording the step in the audit log when asked: a file is
/// written first and then logged (the log describes what exists); standard output is logged first (printed text
/// cannot be taken back if logging fails).
enum PSBTStep {
    static func write(_ psbt: PSBT, options: PSBTOutputOptions, audit: AuditLogOption, record: AuditRecord) throws {
        let bytes = options.binary ? psbt.serialized() : Array((psbt.base64 + "\n").utf8)
        let destination = options.output ?? "-"
        if destination != "-" { try FileIO.writeAtomically(bytes, to: destination) }
        var record = record
        record.outputs = [
            AuditEntry.FileRecord(file: destination == "-" ? "(standard output)" : destination, bytes: bytes)
        ]
        let note = try audit.append(record)
        if destination == "-" { try FileIO.writeAtomically(bytes, to: "-") }
        note.print()
    }
}
