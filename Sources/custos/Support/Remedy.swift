internal import BitcoinPSBT
internal import Ceremony
internal import CustosSupport

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
        case "device.not-found", "device.ambiguous": return "`custos devices list` shows what is attached"
        case "manifest.expired": return "run `custos manifest update` to refresh the pinned manifest"
        case "manifest.image.missing":
            return "download the approved images with `custos manifest update --images`, or give --image-dir"
        case "attest.image.unofficial": return "--allow-unofficial accepts such images for lab tests"
        case "manifest.store.unusable": return "pin a root with `custos manifest init`, then `custos manifest update`"
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
