/// Every fuzz target, by the name its libFuzzer executable (`Fuzz/Sources/<name>/main.swift`), seed corpus and
/// regression folder (`Tests/FuzzRegressions/<name>/`) share. Adding a target is one body and one line here; see
/// docs/FUZZING.md.
public enum FuzzCatalog {
    public static let targets: [FuzzTarget] = [
        FuzzTarget(
            "firmware-parse", "every firmware format through FirmwareImage(bytes:); description invariants",
            FirmwareFuzzTargets.parse),
        FuzzTarget(
            "firmware-verify", "the full verifier: never genuine, signatures only over signed content, approvals",
            FirmwareFuzzTargets.verify),
        FuzzTarget(
            "firmware-vendor-header", "Trezor vendor header parser", FirmwareFuzzTargets.vendorHeader),
        FuzzTarget(
            "framing-trezor-v1", "Trezor protocol v1 reassembly; re-encoding and round trip",
            FramingFuzzTargets.trezorV1),
        FuzzTarget(
            "framing-ledger-hid", "Ledger APDU-over-HID reassembly; re-encoding and round trip",
            FramingFuzzTargets.ledgerHID),
        FuzzTarget(
            "framing-coldcard", "Coldcard HID reassembly; re-encoding and round trip", FramingFuzzTargets.coldcard),
        FuzzTarget(
            "framing-u2fhid", "BitBox02 U2FHID reassembly; re-encoding and round trip", FramingFuzzTargets.u2fHID),
        FuzzTarget(
            "device-messages", "Trezor protobuf replies and Ledger app-and-version decoding",
            DeviceMessageFuzzTargets.decode),
        FuzzTarget(
            "device-session", "a whole Trezor/Ledger conversation with a hostile device",
            DeviceSessionFuzzTargets.session),
        FuzzTarget("transcript", "transcript text parse and write round trip", TranscriptFuzzTargets.parse),
        FuzzTarget("udev-rules", "udev rule files as custos doctor reads them", UdevRulesFuzzTargets.parse),
        FuzzTarget("crypto-keys", "keys, DER/compact signatures and PEM/DER public keys", CryptoFuzzTargets.parse),
        FuzzTarget(
            "psbt-decode", "PSBT decode, byte-identical re-encode, version round trip, every role",
            PSBTFuzzTargets.decode),
        FuzzTarget("psbt-combine", "PSBT combiner: symmetric, idempotent, keeps every record", PSBTFuzzTargets.combine),
        FuzzTarget(
            "transaction-decode", "transaction decode and byte-identical re-encode", BitcoinFuzzTargets.transaction),
        FuzzTarget(
            "descriptor-parse", "output descriptor parse, checksum round trip, expansion", BitcoinFuzzTargets.descriptor
        ),
        FuzzTarget(
            "tuf-metadata", "TUF metadata envelope, typed roles, signed canonical bytes", TUFFuzzTargets.metadata),
        FuzzTarget(
            "ceremony-inputs", "migration ceremony files: UTXO list, wallet descriptors, audit log",
            CeremonyFuzzTargets.inputs),
        FuzzTarget("canonical-json", "strict JSON parser and canonical JSON round trip", TUFFuzzTargets.canonicalJSON),
    ]

    public static func target(named name: String) -> FuzzTarget? {
        targets.first { $0.name == name }
    }
}
