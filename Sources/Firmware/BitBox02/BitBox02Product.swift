/// The BitBox02 editions, named by the big-endian magic at the start of a signed image; the product id enters the
/// 2026 signing scheme's hashes.
public enum BitBox02Product: String, Sendable, CaseIterable {
    case multi = "bitbox02-multi"
    case btcOnly = "bitbox02-btconly"
    case novaMulti = "bitbox02nova-multi"
    case novaBtcOnly = "bitbox02nova-btconly"

    init?(magic: [UInt8]) {
        guard magic.count == 4 else { return nil }
        let value = UInt32(magic[0]) << 24 | UInt32(magic[1]) << 16 | UInt32(magic[2]) << 8 | UInt32(magic[3])
        guard let product = Self.allCases.first(where: { $0.magic == value }) else { return nil }
        self = product
    }

    var magic: UInt32 {
        switch self {
        case .multi: return 0x653F_362B
        case .btcOnly: return 0x1123_3B0B
        case .novaMulti: return 0x5B64_8CEB
        case .novaBtcOnly: return 0x4871_4774
        }
    }

    var productID: UInt16 {
        switch self {
        case .multi: return 1
        case .btcOnly: return 2
        case .novaMulti: return 3
        case .novaBtcOnly: return 4
        }
    }

    /// Whether a device of this edition carries the named root-key generation (firmware-formats.md §5): the
    /// unified 2026 set serves every product; the older sets serve the Multi or the Bitcoin-only editions.
    func acceptsRootGeneration(_ name: String) -> Bool {
        if name.contains("unified") || name.hasPrefix("custos-test") { return true }
        let bitcoinOnly = self == .btcOnly || self == .novaBtcOnly
        if name.hasSuffix("-btconly") { return bitcoinOnly }
        if name.hasSuffix("-multi") { return !bitcoinOnly }
        return false
    }
}
