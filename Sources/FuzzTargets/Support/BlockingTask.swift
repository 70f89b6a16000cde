internal import Synchronization

/// Runs async code to completion on the calling thread: libFuzzer calls its target synchronously, and the device
/// sessions under test are async (their transports are actors).
///
/// The task prefers an executor whose jobs the caller runs itself, so no thread is blocked waiting for Swift's
/// cooperative pool (which deadlocks when the caller is one of the pool's own threads, as in `swift test`) and the
/// interleaving is the same on every run, as a fuzzer needs. It suits code that only waits on its own tasks and
/// actors; code that waits on a timer or another thread's work gets nil.
enum BlockingTask {
    static func run<Result: Sendable>(_ operation: @escaping @Sendable () async -> Result) -> Result? {
        let executor = CallerRunsExecutor()
        let box = ResultBox<Result>()
        Task(executorPreference: executor) { box.value = await operation() }
        while box.value == nil, let job = executor.next() {
            job.runSynchronously(on: executor.asUnownedTaskExecutor())
        }
        return box.value
    }
}

/// A task executor that only queues jobs; `BlockingTask.run` runs them on its own thread.
private final class CallerRunsExecutor: TaskExecutor {
    private let jobs = Mutex<[UnownedJob]>([])

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        jobs.withLock { $0.append(unowned) }
    }

    func next() -> UnownedJob? {
        jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}

/// Carries the result out of the task. `@unchecked Sendable`: the task runs on the thread that reads the result
/// (every job of it is run by `BlockingTask.run`'s loop), so the write and the read never overlap.
private final class ResultBox<Value>: @unchecked Sendable {
    var value: Value?
}
