import CustosSupport
import Foundation
import Testing

/// The one POSIX call helper: EINTR retried, any other failure a typed error with the call and errno.
@Suite("System calls")
struct SystemCallTests {
    @Test func interruptedCallsAreMadeAgain() throws {
        var attempts = 0
        let result = try SystemCall.run("read") { () -> Int in
            attempts += 1
            guard attempts > 2 else {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(result == 7)
        #expect(attempts == 3)
    }

    @Test func otherFailuresCarryTheCallAndErrno() {
        let error = #expect(throws: SystemError.self) {
            _ = try SystemCall.run("open") { open("/nonexistent-custos-path/file", O_RDONLY) }
        }
        #expect(error?.call == "open")
        #expect(error?.code == ENOENT)
        #expect(error?.isMissing == true)
        // The C library's own text for the code.
        #expect(error?.description == "open: " + String(cString: strerror(ENOENT)))
    }

    @Test func nullPointersAreFailures() {
        let error = #expect(throws: SystemError.self) {
            _ = try SystemCall.run("opendir") { opendir("/nonexistent-custos-path") }
        }
        #expect(error?.isMissing == true)
    }
}
