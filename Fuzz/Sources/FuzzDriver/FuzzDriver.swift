// Runs libFuzzer's driver with a Swift closure as the fuzz target.
//
// The fuzz executables are built by Fuzz/run.sh with AddressSanitizer and SanitizerCoverage instrumentation and
// linked against libFuzzer's `fuzzer_no_main` runtime; each one's main.swift calls `FuzzDriver.run`.

#if canImport(Glibc)
    internal import Glibc
#endif

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

// libFuzzer calls back through a C function pointer, which cannot capture: the target is kept here. Set once
// before the driver starts and only read afterwards, from libFuzzer's single fuzzing thread.
nonisolated(unsafe) private var currentTarget: (([UInt8]) -> Void)?

public enum FuzzDriver {
    /// Hands control to libFuzzer (it parses the command line: corpus folders, -max_total_time, ...).
    public static func run(_ target: @escaping ([UInt8]) -> Void) -> Never {
        currentTarget = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
            currentTarget?(bytes)
            return 0
        }
        exit(status)
    }

    /// Runs a target whose body reports a failed invariant by throwing (the bodies in the FuzzTargets library):
    /// the error's description is printed and the process aborts, which libFuzzer records as a crash.
    public static func run(_ target: @escaping ([UInt8]) throws -> Void) -> Never {
        run { (bytes: [UInt8]) in
            do {
                try target(bytes)
            } catch {
                stop("\(error)")
            }
        }
    }

    /// Stops the run with a crash report when an invariant of the target fails (a round trip that is not
    /// byte-identical, an accepted input an oracle refuses). Crashing is how libFuzzer records a finding.
    public static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { stop("fuzz invariant failed: \(message())") }
    }

    private static func stop(_ text: String) -> Never {
        _ = "\(text)\n".utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        abort()
    }
}
