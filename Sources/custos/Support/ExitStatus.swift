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
