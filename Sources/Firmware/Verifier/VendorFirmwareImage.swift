/// A parsed image of one vendor format. `FirmwareVerifier` runs the steps in order and each returns a value:
/// only parsing throws.
protocol VendorFirmwareImage: Sendable {
    var summary: FirmwareDescription { get }

    /// Chunk and whole-image hashes, container checksums, and header rules the device enforces.
    func checkIntegrity() -> StepResult

    /// The signature threshold, against production key sets first, then the public development sets.
    func checkSignatures(trust: FirmwareTrustStore) -> SignatureCheck

    /// Whether the signer is the vendor's official identity (pinned vendor header, key number, edition, ...).
    func checkIdentity(signature: SignatureCheck, trust: FirmwareTrustStore, policy: IdentityPolicy) -> StepResult

    /// What to look up in the release index; nil when the vendor publishes none for this kind of image.
    var releaseLookup: ReleaseLookup? { get }

    /// Why no index applies, when `releaseLookup` is nil.
    var noIndexReason: String { get }
}
