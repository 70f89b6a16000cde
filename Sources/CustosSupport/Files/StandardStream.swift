#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The process's standard output and error, written with write(2): the C `stdout`/`stderr` globals are not
/// concurrency-safe under Swift 6, and Foundation's handles are not on the start-up path.
public enum StandardStream: Sendable {
    case output
    case error

    /// Writes all of `bytes` (errors name the stream: "standard output", "standard error").
    public func write(_ bytes: [UInt8]) throws(FileError) {
        switch self {
        case .output: try LocalFile.writeAll(bytes, to: STDOUT_FILENO, path: "standard output")
        case .error: try LocalFile.writeAll(bytes, to: STDERR_FILENO, path: "standard error")
        }
    }
}
