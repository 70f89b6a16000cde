internal import Ceremony
internal import CustosSupport
internal import PSBT

/// How to get past a failure with this command line. The libraries say what was checked and found; what the user
/// can do about it names `custos` commands and options, so it is added here, by code.
enum Remedy {
    static func text(for failure: any CodedFailure) -> String? {
        let codes = Set(([failure.code] + nestedCodes(failure)).map(\.name))
        if codes.contains(SignatureFailure.Codes.sighashNotAllowed.name) {
            return "--allow-sighash accepts signatures of other sighash types"
        }
        switch failure.code.name {
        case PSBTRoleError.Codes.feeRateTooHigh.name: return "use --allow-high-fee to override"
        case "usb.access-denied": return "`custos doctor` says what is missing"
        case "manifest.store.uninitialized": return "run `custos manifest init --root ROOT.json` first"
        case "lab.suite.missing": return "run from the repository root, or name the vectors folder"
        default: return nil
        }
    }

    /// Codes of the failures a failure gathers (each refused signature of a combine).
    private static func nestedCodes(_ failure: any CodedFailure) -> [FailureCode] {
        if let error = failure as? PSBTRoleError { return error.problems.map(\.code) }
        if let contextual = failure as? ContextualFailure { return nestedCodes(contextual.underlying) }
        if let error = failure as? CeremonyError, case .psbt(let inner) = error { return inner.problems.map(\.code) }
        return []
    }
}
