/// Exact decimal text of a count of thousandths, without trailing zeros: 12500 → "12.5", 2000 → "2", 1 → "0.001".
/// For fee rates kept as sat/kvB and durations kept as milliseconds, which must never go through floating point.
public enum Thousandths {
    public static func decimal(_ thousandths: Int64) -> String {
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = thousandths.magnitude
        var fraction = String(magnitude % 1_000)
        guard fraction != "0" else { return "\(sign)\(magnitude / 1_000)" }
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(magnitude / 1_000).\(fraction)"
    }
}
