#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The wall clock, read through `clock_gettime` (which libfaketime intercepts, as tuf-conformance requires).
public enum SystemClock {
    public static func now() -> TUFTime {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return TUFTime(secondsSinceEpoch: Int64(time.tv_sec))
    }
}
