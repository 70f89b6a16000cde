public import CustosSupport

extension DeviceAttestation {
    public enum Codes {
        public static let mismatch = FailureCode(
            "attestation.hash.mismatch", .refused, "The device's firmware hash differs from every approved image's.")
    }
}
