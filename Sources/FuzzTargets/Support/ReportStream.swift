/// Fuzz input read as what a USB device sends: consecutive fixed-size reports.
enum ReportStream {
    /// The input cut into `size`-byte reports. A shorter tail is kept as a last report of the wrong size, so the
    /// decoders' size check is fuzzed too.
    static func reports(_ bytes: [UInt8], size: Int = 64) -> [[UInt8]] {
        stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
    }

    /// Whether `received` carries the same bytes as `encoded` in its first `meaningful` positions: the padding
    /// after them is the sender's choice and no decoder reads it.
    static func sameMeaningfulBytes(_ received: [UInt8], _ encoded: [UInt8], meaningful: Int) -> Bool {
        received.count == encoded.count && received.prefix(meaningful) == encoded.prefix(meaningful)
    }
}
