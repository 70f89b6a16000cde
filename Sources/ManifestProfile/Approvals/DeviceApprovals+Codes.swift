public import CustosSupport

extension DeviceApprovalVerdict {
    public enum Codes {
        public static let rollback = FailureCode(
            "manifest.device.rollback", .refused, "A device runs firmware below the manifest's minimum for its model.")
        public static let unapproved = FailureCode(
            "manifest.device.unapproved", .refused,
            "The manifest approves no firmware of the device's model and version.")
        public static let imageMissing = FailureCode(
            "manifest.image.missing", .refused, "An approved image is not on this machine.")
        public static let imageMismatch = FailureCode(
            "manifest.image.mismatch", .refused, "A stored approved image differs from its target's length or hashes.")
        public static let imagesFailed = FailureCode(
            "manifest.images.failed", .refused, "Approved images could not be downloaded after a metadata update.")
    }
}
