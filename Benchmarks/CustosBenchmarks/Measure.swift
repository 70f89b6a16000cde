internal import Glibc

/// Timing helpers: the best of several runs, so one scheduler hiccup does not decide a figure.
enum Measure {
    /// Seconds taken by the fastest of `repetitions` runs of `body`.
    static func best(repetitions: Int = 5, _ body: () -> Void) -> Double {
        var best = Double.infinity
        let clock = ContinuousClock()
        for _ in 0..<repetitions {
            let elapsed = clock.measure(body)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds)
        }
        return best
    }

    /// This thread's CPU seconds for the fastest of `repetitions` runs of `body` (steadier than wall-clock time
    /// when other processes share the cores).
    static func bestThreadCPU(repetitions: Int = 5, _ body: () -> Void) -> Double {
        func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
        var best = Double.infinity
        for _ in 0..<repetitions {
            let start = now()
            body()
            best = min(best, now() - start)
        }
        return best
    }

    /// Seconds taken by the fastest of `repetitions` runs of an async body, waited for on this thread (the
    /// benchmark suites are synchronous).
    static func blockingBest(repetitions: Int = 3, _ body: @escaping @Sendable () async -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<repetitions {
            let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
            sem_init(semaphore, 0, 0)
            let start = ContinuousClock.now
            let box = SemaphoreBox(semaphore)
            Task {
                await body()
                sem_post(box.pointer)
            }
            while sem_wait(semaphore) != 0 {}
            let elapsed = start.duration(to: .now)
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            sem_destroy(semaphore)
            semaphore.deallocate()
        }
        return best
    }

    static func format(_ value: Double, decimals: Int = 1) -> String {
        if decimals == 0 { return String(Int(value.rounded())) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return String(rounded)
    }
}

/// Keeps the optimizer from discarding a computed value.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// Hands the semaphore to the task. `@unchecked Sendable`: sem_post is thread-safe and the pointer outlives the task.
private final class SemaphoreBox: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<sem_t>
    init(_ pointer: UnsafeMutablePointer<sem_t>) { self.pointer = pointer }
}
