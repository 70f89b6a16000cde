internal import BitcoinPSBT
public import CustosSupport

extension CeremonyStatus {
    /// Why the files cannot go on to be combined and finalized as they stand; nil when they can.
    public var failure: CeremonyStatusFailure? {
        if !sameTransaction {
            return CeremonyStatusFailure(
                code: PSBTRoleError.Codes.transactionMismatch,
                message: "the files describe \(transactions.count) different transactions; they cannot be combined")
        }
        let problems = transactions.flatMap(\.problems)
        guard let first = problems.first else { return nil }
        return CeremonyStatusFailure(
            code: first.code, message: problems.prefix(5).map(\.message).joined(separator: "; "))
    }

    /// A finalized input whose final scripts are not a multisig spend the status can read back.
    public static let finalScriptsUnreadable = FailureCode(
        "ceremony.status.final-scripts", .refused, "A finalized input's scripts are not a multisig spend Custos reads.")
    /// A finalized input accepted without checking its scripts, by the user's explicit choice.
    public static let finalScriptsTrusted = FailureCode(
        "ceremony.status.final-scripts-trusted", .refused,
        "A finalized input's scripts were accepted without checking, by explicit choice.")
}

extension SignatureStatus {
    static func unreadableFinalScripts(input: Int) -> Problem {
        Problem(
            code: CeremonyStatus.finalScriptsUnreadable,
            message: "the final scripts were refused: not a multisig spend Custos can read back and verify",
            context: [("input", String(input))])
    }

    static func trustedFinalScripts(input: Int, reason: String) -> Problem {
        Problem(
            code: CeremonyStatus.finalScriptsTrusted, message: "final scripts accepted without checking: \(reason)",
            context: [("input", String(input))])
    }
}

/// The files' status refuses the ceremony's next step: they describe different transactions, or have problems
/// (the code is the first problem's).
public struct CeremonyStatusFailure: CodedFailure, Sendable {
    public let code: FailureCode
    public let message: String

    public var description: String { message }
}
