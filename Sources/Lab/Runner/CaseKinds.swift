/// The registry the runner dispatches on.
enum CaseKinds {
    /// Every kind this build runs. Adding a kind: its file in `Kinds/` and one line here.
    static let implemented: [any LabCaseKind.Type] = [
        FirmwareVerifyCase.self,
        DeviceAttestationReplayCase.self,
        PSBTRoleCase.self,
        ManifestUpdateCase.self,
        MigrationCeremonyCase.self,
        AttestManifestCase.self,
        QRRoundTripCase.self,
    ]

    /// Every kind the suite format specifies (Vectors/README.md), implemented by this build or not.
    static let specified = [
        "firmware-verify", "device-attestation-replay", "psbt-role", "migration-ceremony", "manifest-update",
        "attest-manifest",
        "qr-roundtrip",
    ]

    static func named(_ name: String) throws(LabCaseError) -> any LabCaseKind.Type {
        if let kind = implemented.first(where: { $0.name == name }) { return kind }
        throw .unsupportedKind(name, specified: specified.contains(name), implemented: implemented.map { $0.name })
    }
}
