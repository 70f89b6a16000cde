internal import CustosSupport

/// The process exit codes every `custos` subcommand promises (docs/cli-contract.md).
enum ExitStatus: Int32 {
    /// Success: verified, approved, written.
    case ok = 0
    /// A verification or policy check failed; the reason is on stderr or in the JSON `problems`.
    case rejected = 1
    /// The input could not be parsed or is of an unsupported kind.
    case unparsable = 2
    /// The command line itself was wrong (sysexits EX_USAGE).
    case usage = 64
}

extension ExitStatus {
    /// The one place a failure's category becomes an exit status.
    init(_ category: FailureCategory) {
        switch category {
        case .malformed, .unsupported: self = .unparsable
        case .refused, .environment: self = .rejected
        case .usage: self = .usage
        }
    }
}

/// An error a subcommand throws to end the run with a specific exit status and a message for stderr.
protocol CustosFailure: Error {
    var exitStatus: ExitStatus { get }
    var message: String { get }
    /// What failed, for `--json` failure documents: an `area.rule` name where the error knows one, else the exit
    /// status's class ("rejected", "unparsable", "usage").
    var kind: String { get }
}

extension CustosFailure {
    var kind: String { exitStatus.kind }
}

extension ExitStatus {
    var kind: String {
        switch self {
        case .ok: return "ok"
        case .rejected: return "rejected"
        case .unparsable: return "unparsable"
        case .usage: return "usage"
        }
    }
}

/// The generic failure for subcommands that have no richer error type of their own.
struct CommandFailure: CustosFailure {
    let exitStatus: ExitStatus
    let message: String

    static func rejected(_ message: String) -> CommandFailure {
        CommandFailure(exitStatus: .rejected, message: message)
    }
    static func unparsable(_ message: String) -> CommandFailure {
        CommandFailure(exitStatus: .unparsable, message: message)
    }
}
