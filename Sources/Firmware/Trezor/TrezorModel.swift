/// A Trezor hardware model, named by the `hw_model` code its images carry.
public enum TrezorModel: String, Sendable, CaseIterable, Codable {
    case t1b1 = "T1B1"  // Trezor One
    case t2t1 = "T2T1"  // Trezor Model T
    case t2b1 = "T2B1"  // Safe 3 rev 1
    case t3b1 = "T3B1"  // Safe 3 rev 2
    case t3t1 = "T3T1"  // Safe 5
    case t3t2 = "T3T2"
    case t3w1 = "T3W1"  // Safe 7

    /// Size in bytes of the flash area the device hashes to answer `GetFirmwareHash` (firmware-formats.md §3.11:
    /// the installed image followed by erased 0xFF flash up to this size).
    public var firmwareAreaByteCount: Int {
        switch self {
        case .t1b1: return 7 * 128 * 1024 + 64 * 1024
        case .t2t1, .t2b1: return 13 * 128 * 1024
        case .t3b1, .t3t1: return 208 * 8 * 1024
        case .t3w1: return 417 * 8 * 1024
        case .t3t2: return 205 * 8 * 1024
        }
    }
}
