internal import CustosSupport

/// What the user can do about a failure, in this tool's words (its commands and flags). The libraries say only what
/// was checked; the remedy is the CLI's, added after the library's message.
enum Remedy {
    static func text(for code: FailureCode) -> String? {
        switch code.name {
        case "device.not-found", "device.ambiguous": return "`custos devices list` shows what is attached."
        case "manifest.expired": return "Run `custos manifest update` to refresh the pinned manifest."
        case "attest.image.missing":
            return "Download the approved images with `custos manifest update --images`, or give --image-dir."
        case "attest.image.unofficial": return "--allow-unofficial accepts such images for lab tests."
        case "manifest.store.unusable":
            return "Pin a root with `custos manifest init`, then `custos manifest update`."
        default: return nil
        }
    }
}
