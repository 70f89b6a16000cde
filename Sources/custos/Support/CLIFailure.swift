internal import CustosSupport

/// A library failure in the CLI's words: what the command was doing, then the library's message. The code (and
/// so the exit status) and the context are the library's.
struct ContextualFailure: CodedFailure {
    let doing: String
    let underlying: any CodedFailure

    var code: FailureCode { underlying.code }
    var message: String { "\(doing): \(underlying.message)" }
    var context: [(key: String, value: String)] { underlying.context }
    var description: String { message }
}

/// A failure the CLI words itself — a summary over several files, a refusal with its report already printed — under
/// the code of the rule that failed (a library's, or one of `CLICodes` for what only the CLI checks).
struct ReportedFailure: CodedFailure {
    let code: FailureCode
    let message: String

    init(_ code: FailureCode, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { message }
}

/// Rules only the command line checks.
enum CLICodes {
    static let usage = FailureCode(
        "cli.usage", .usage, "The command line is wrong: an unknown option, a missing argument.")
    static let unexpected = FailureCode(
        "cli.unexpected", .environment, "A failure no library classified; the message says what happened.")
    static let selfTest = FailureCode(
        "cli.selftest", .environment, "The installed C libraries fail Custos's known-answer tests.")
    static let imagesUnparsable = FailureCode(
        "cli.images.unparsable", .malformed, "Firmware images given to a command could not be parsed.")
    static let imagesRefused = FailureCode(
        "cli.images.refused", .refused, "Firmware images given to a command were refused (see their problems).")
}
