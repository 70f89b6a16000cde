#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The wall clock, read through `clock_gettime` (which libfaketime intercepts, as tuf-conformance requires).
public enum SystemClock {
    public static func now() -> UTCTime {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UTCTime(secondsSinceEpoch: Int64(time.tv_sec))
    }
}
