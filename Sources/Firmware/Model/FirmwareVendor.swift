/// The hardware-wallet vendors whose firmware images Custos reads.
public enum FirmwareVendor: String, Sendable, CaseIterable, Codable {
    case trezor
    case coldcard
    case bitbox02
    case passport
    case jade
}
