#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The one way Custos makes a POSIX call, after swift-nio's `syscall` (NIOPosix/System.swift): the call is made
/// again while it fails with EINTR (a signal arrived), and any other failure becomes a `SystemError` holding the
/// call's name and `errno`, read at once, before anything else can overwrite it.
public enum SystemCall {
    /// For calls that answer -1 on failure and set `errno` (open, read, write, fstat, poll, send, recv...).
    @inline(__always)
    public static func run<Result: FixedWidthInteger>(
        _ call: StaticString, _ body: () -> Result
    ) throws(SystemError) -> Result {
        while true {
            let result = body()
            guard result == -1 else { return result }
            let code = errno
            if code == EINTR { continue }
            throw SystemError(call: call, code: code)
        }
    }

    /// For calls that answer a null pointer on failure and set `errno` (opendir, mkdtemp).
    @inline(__always)
    public static func run<Pointer>(
        _ call: StaticString, _ body: () -> Pointer?
    ) throws(SystemError) -> Pointer {
        while true {
            if let result = body() { return result }
            let code = errno
            if code == EINTR { continue }
            throw SystemError(call: call, code: code)
        }
    }

    /// Closes a descriptor once. Never retried: on Linux the descriptor is released even when close reports EINTR,
    /// and a second close could close a descriptor another thread has just been given. Its error is not reported:
    /// the data written through it has been checked (fsync) where it matters.
    public static func close(_ descriptor: Int32) {
        #if canImport(Glibc)
            _ = Glibc.close(descriptor)
        #elseif canImport(Darwin)
            _ = Darwin.close(descriptor)
        #endif
    }
}

/// A failed system call: its name and the `errno` it left, with the C library's text for it.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public let call: String
    public let code: Int32

    public init(call: StaticString, code: Int32) {
        self.call = call.description
        self.code = code
    }

    /// `open` or `stat` found nothing at the path, or a part of it is not a folder (ENOENT, ENOTDIR).
    public var isMissing: Bool { code == ENOENT || code == ENOTDIR }

    /// The path already exists (EEXIST).
    public var isExisting: Bool { code == EEXIST }

    /// Nothing was ready (EAGAIN or EWOULDBLOCK): a non-blocking call would have waited.
    public var wouldBlock: Bool { code == EAGAIN || code == EWOULDBLOCK }

    /// The peer of a connected datagram socket is gone: the last send drew an ICMP port unreachable (ECONNREFUSED).
    public var isConnectionRefused: Bool { code == ECONNREFUSED }

    /// The C library's text for the code, e.g. "No such file or directory" (strerror).
    public var reason: String { Self.text(code) }

    /// "open: No such file or directory".
    public var description: String { "\(call): \(reason)" }

    /// The C library's text for an error number.
    public static func text(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
