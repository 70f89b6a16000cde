internal import CustosSupport

/// A fee rate in satoshis per virtual byte, kept exactly as thousandths (sat/kvB) so that a rate such as 12.5 is
/// never rounded by floating point.
public struct FeeRate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Satoshis per 1,000 vbytes.
    public let satoshisPerKilovbyte: Int64

    /// Bitcoin Core's minimum relay fee (1 sat/vB): nothing below it is relayed.
    public static let minimumRelay = FeeRate(satoshisPerKilovbyte: 1_000)
    /// Far above any fee market; a larger request is a typing error.
    public static let maximum = FeeRate(satoshisPerKilovbyte: 100_000_000)

    public init(satoshisPerKilovbyte: Int64) {
        self.satoshisPerKilovbyte = satoshisPerKilovbyte
    }

    /// Parses "12", "12.5" or "0.25" (at most three decimals); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.utf8.count <= 9,
            whole.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let wholeValue = Int64(whole)
        else { return nil }
        var thousandths: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...3).contains(fraction.utf8.count), fraction.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int64(fraction + String(repeating: "0", count: 3 - fraction.utf8.count))
            else { return nil }
            thousandths = value
        }
        satoshisPerKilovbyte = wholeValue * 1_000 + thousandths
    }

    /// The rate as a number of sat/vB (for comparison with a policy's cap).
    public var satoshisPerVbyte: Double { Double(satoshisPerKilovbyte) / 1_000 }

    /// The smallest fee that pays this rate for `virtualSize` vbytes (rounded up).
    public func fee(virtualSize: Int) -> Int64 {
        (satoshisPerKilovbyte * Int64(virtualSize) + 999) / 1_000
    }

    public var description: String {
        Thousandths.decimal(satoshisPerKilovbyte)
    }

    public static func < (lhs: FeeRate, rhs: FeeRate) -> Bool { lhs.satoshisPerKilovbyte < rhs.satoshisPerKilovbyte }

    /// `fee / virtualSize` in sat/vB, for reporting.
    public static func achieved(fee: Int64, virtualSize: Int) -> Double {
        virtualSize > 0 ? Double(fee) / Double(virtualSize) : 0
    }
}
