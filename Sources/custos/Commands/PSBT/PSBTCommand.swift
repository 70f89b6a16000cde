internal import ArgumentParser
internal import BitcoinPSBT
internal import Ceremony
internal import Custody

/// `custos psbt`: inspect, combine, finalize, extract and convert PSBTs (BIP174 v0 and BIP370 v2).
struct PSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psbt",
        abstract: "Inspect, combine, finalize, extract and convert partially signed Bitcoin transactions.",
        discussion: """
            FILE may be - for standard input; binary PSBTs and base64 text are both accepted. PSBT output is \
            base64 text unless --binary is given, on standard output unless -o names a file (written atomically).
            """,
        subcommands: [
            InspectPSBTCommand.self, CombinePSBTCommand.self, FinalizePSBTCommand.self, ExtractPSBTCommand.self,
            ConvertPSBTCommand.self,
        ]
    )

    /// `custos psbt` alone names no task: show the commands, as a usage error (like a bare `custos`).
    func run() throws {
        CommandRunner.printError(Self.helpMessage())
        throw ExitCode(ExitStatus.usage.rawValue)
    }
}

/// Options shared by the commands that write a PSBT.
struct PSBTOutputOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")], help: "Write the PSBT to this file (atomically).")
    var output: String?

    @Flag(name: .long, help: "Write the binary PSBT instead of base64 text.")
    var binary = false
}

/// Options shared by the commands that check signatures.
struct SignaturePolicyOptions: ParsableArguments {
    @Flag(
        name: .long,
        help:
            "Accept signatures with sighash types other than ALL (DEFAULT for taproot); they let others change the transaction."
    )
    var allowSighash = false

    @Flag(
        name: .long,
        help:
            "Accept finalized inputs of templates Custos cannot check, unchecked (printed as a warning and recorded in the audit log)."
    )
    var trustFinalized = false

    var verifier: PartialSignatureVerifier {
        PartialSignatureVerifier(allowAnySighash: allowSighash, trustFinalized: trustFinalized)
    }

    /// The rules of one ceremony step: these signature rules, `policy`, and whether the audit log is kept.
    func rules(policy: CeremonyPolicy?, audit: AuditLogOption) -> CeremonyRules {
        CeremonyRules(policy: policy, signatures: verifier, flags: flags, recordsAudit: audit.auditLog != nil)
    }

    /// The loosening flags given, for the audit log.
    var flags: [String] {
        (allowSighash ? ["--allow-sighash"] : []) + (trustFinalized ? ["--trust-finalized"] : [])
    }
}
