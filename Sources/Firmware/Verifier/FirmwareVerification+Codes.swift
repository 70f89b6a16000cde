public import CustosSupport

extension FirmwareVerification {
    /// The code of each verification step's problems.
    public enum Codes {
        public static let integrity = FailureCode(
            "firmware.integrity", .refused, "A firmware image's hashes, checksums or header rules do not hold.")
        public static let signatureThreshold = FailureCode(
            "firmware.signature.threshold", .refused, "No pinned vendor key set meets the image's signature threshold.")
        public static let developmentKeys = FailureCode(
            "firmware.signature.development", .refused, "An image is signed only with public development keys.")
        public static let identity = FailureCode(
            "firmware.identity", .refused, "The signer is not the vendor's official identity (header, edition).")
        public static let unlisted = FailureCode(
            "firmware.release.unlisted", .refused, "A genuine-looking image is in no pinned official release index.")
    }
}

extension ApprovalResult {
    /// The codes of the manifest approval step.
    public enum Codes {
        public static let notApproved = FailureCode(
            "firmware.approval.missing", .refused, "The image is not an approved target in the pinned manifest.")
        public static let model = FailureCode(
            "firmware.approval.model", .refused, "The manifest approves the image for another model.")
        public static let fileHash = FailureCode(
            "firmware.approval.file-hash", .refused, "The image file's SHA-256 differs from the approved target's.")
        public static let version = FailureCode(
            "firmware.approval.version", .refused, "The image's version differs from the approved one or is unreadable."
        )
        public static let rollback = FailureCode(
            "firmware.approval.rollback", .refused, "The image's version is below the approval's min_version.")
    }
}

extension [Problem] {
    mutating func append(_ code: FailureCode, _ message: String) {
        append(Problem(code: code, message: message))
    }
}
