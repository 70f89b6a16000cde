internal import ArgumentParser
internal import Ceremony
internal import CustosSupport

/// `custos audit verify PATH [--expect-head HASH] [--json]`
struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that no entry of an audit log was edited, reordered or removed; print its head hash.",
        discussion: """
            Each entry holds the SHA-256 of the line before it and a sequence number, so an edited, reordered or \
            removed entry breaks the chain (exit 1, naming the entry). Removing or editing the LAST entries leaves a \
            shorter chain that is still valid: record the head hash printed after each step somewhere else (the \
            ceremony notes, a message to the other treasurers) and pass it with --expect-head, which requires the \
            log to still contain that entry. Prints one line per entry, then the entry count and the head hash.
            """
    )

    @Argument(help: "The audit log (JSON lines).")
    var path: String

    @Option(name: .long, help: "A head hash recorded earlier: the log must still contain that entry.")
    var expectHead: String?

    @Flag(name: .long, help: "Print one JSON document (the entries, the head and the verdict).")
    var json = false

    func validate() throws {
        if let expectHead, expectHead.utf8.count != 64 || !expectHead.utf8.allSatisfy(Self.isHexDigit) {
            throw ValidationError("--expect-head must be 64 hex digits")
        }
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
    }

    func run() throws {
        let verification: AuditLog.Verification
        do {
            verification = try AuditLog(path: path).verify(expectedHead: expectHead?.lowercased())
        } catch {
            // A broken log is still a verdict a program reads from the JSON document.
            if json {
                ReportOutput.print(
                    try JSONDocument.text(
                        AuditDocument(
                            valid: false, entries: [], head: nil, anchoredEntry: nil, problems: [error.problem])))
            }
            throw error
        }
        if json {
            let document = AuditDocument(
                valid: true, entries: verification.entries, head: verification.head,
                anchoredEntry: verification.anchoredEntry, problems: [])
            ReportOutput.print(try JSONDocument.text(document))
            return
        }
        for entry in verification.entries {
            print(entry.summary)
        }
        print("OK: \(verification.entries.count) entries, chain intact; head \(verification.head)")
        if let anchored = verification.anchoredEntry, expectHead != nil {
            let after = verification.entries.count - anchored
            print(
                "the expected head is entry \(anchored)"
                    + (after > 0 ? "; \(after) entr\(after == 1 ? "y was" : "ies were") appended after it" : ""))
        } else {
            print("Record the head hash elsewhere: only an outside record can reveal removed final entries.")
        }
    }
}

/// The JSON form of `audit verify`.
struct AuditDocument: Encodable {
    let valid: Bool
    let entries: [AuditEntry]
    /// Nil (left out) when the log does not verify.
    let head: String?
    let anchoredEntry: Int?
    let problems: [Problem]

    enum CodingKeys: String, CodingKey {
        case valid, entries, head, problems
        case anchoredEntry = "anchored_entry"
    }
}
