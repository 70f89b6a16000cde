/// A point in time by which an operation must finish, on the monotonic clock.
///
/// Every read and write takes one, so a silent or slow peer ends in a typed `.timedOut` instead of a hang.
public struct Deadline: Sendable, Comparable, CustomStringConvertible {
    public let instant: ContinuousClock.Instant

    public init(_ instant: ContinuousClock.Instant) {
        self.instant = instant
    }

    /// The deadline `duration` from now.
    public static func after(_ duration: Duration) -> Deadline {
        Deadline(ContinuousClock.now.advanced(by: duration))
    }

    /// Time left; zero or negative once the deadline has passed.
    public var remaining: Duration {
        ContinuousClock.now.duration(to: instant)
    }

    public var hasPassed: Bool {
        remaining <= .zero
    }

    /// Time left in whole milliseconds, rounded up and clamped to 1...Int32.max, for C APIs whose timeout is in
    /// milliseconds. Callers check `hasPassed` first: libusb reads a timeout of 0 as "wait forever", so 0 must never
    /// be passed down.
    public var remainingMilliseconds: Int32 {
        let (seconds, attoseconds) = remaining.components
        guard seconds >= 0, !(seconds == 0 && attoseconds <= 0) else { return 1 }
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int32.max }
        let total = milliseconds.partialValue + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(1, total))
    }

    public static func < (lhs: Deadline, rhs: Deadline) -> Bool {
        lhs.instant < rhs.instant
    }

    public var description: String {
        "deadline in \(remaining)"
    }
}
