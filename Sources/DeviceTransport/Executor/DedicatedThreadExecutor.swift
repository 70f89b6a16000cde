#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A serial executor backed by one thread of its own, for actors whose methods make blocking C calls (libusb
/// transfers, `poll` on a socket).
///
/// A blocking call on Swift's cooperative pool would take one of its few threads (two on a 2-core machine) for the
/// length of a USB timeout; here it blocks only this thread. One executor per open device: devices never wait on
/// each other.
///
/// `@unchecked Sendable`: the only mutable state is the job queue inside `JobQueue`, guarded by its mutex and
/// counted by its semaphore; the thread and the enqueuing callers touch nothing else.
public final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    private let queue: JobQueue

    /// Starts the thread. `name` says what the thread serves; the thread carries its first 15 bytes as its OS
    /// name (what `top -H`, gdb and /proc/PID/task/*/comm show).
    public let name: String

    public init(name: String) {
        self.name = name
        queue = JobQueue()
        queue.start(executor: self, threadName: name)
    }

    deinit {
        // The actor owning this executor is gone, so no job can be enqueued any more: let the thread finish.
        queue.shutDown()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        queue.push(UnownedJob(job))
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}

/// The jobs waiting for the executor's thread: a mutex-guarded FIFO and a semaphore counting its entries.
private final class JobQueue: @unchecked Sendable {
    // @unchecked Sendable: `jobs`, `isShutDown` and `executor` are read and written only with `mutex` held.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let available: UnsafeMutablePointer<sem_t>
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var isShutDown = false
    private var executor: UnownedSerialExecutor?

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        available = .allocate(capacity: 1)
        sem_init(available, 0, 0)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        sem_destroy(available)
        available.deallocate()
    }

    func start(executor: DedicatedThreadExecutor, threadName: String) {
        // Unowned: the executor's lifetime is its actor's; the thread must not keep it alive.
        self.executor = UnownedSerialExecutor(ordinary: executor)
        let context = Unmanaged.passRetained(ThreadStart(queue: self, name: threadName)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                let start = Unmanaged<ThreadStart>.fromOpaque(argument).takeRetainedValue()
                start.run()
                return nil
            }, context)
        if created == 0 {
            pthread_detach(thread)
        } else {
            // No thread: run jobs inline on the enqueuing thread rather than losing them (see `push`).
            Unmanaged<ThreadStart>.fromOpaque(context).release()
            withLock { isShutDown = true }
        }
    }

    func push(_ job: UnownedJob) {
        let runInline = withLock { () -> Bool in
            if isShutDown { return true }
            jobs.append(job)
            return false
        }
        if runInline {
            if let executor = withLock({ executor }) { job.runSynchronously(on: executor) }
            return
        }
        sem_post(available)
    }

    func shutDown() {
        withLock { isShutDown = true }
        sem_post(available)
    }

    /// The thread's loop: run jobs in order until shut down and drained.
    func runLoop() {
        while true {
            while sem_wait(available) != 0 {}  // EINTR: wait again
            let next = withLock { () -> (UnownedJob, UnownedSerialExecutor)? in
                guard head < jobs.count, let executor else { return nil }
                let job = jobs[head]
                head += 1
                if head > 64 && head * 2 > jobs.count {
                    jobs.removeFirst(head)
                    head = 0
                }
                return (job, executor)
            }
            if let (job, executor) = next {
                job.runSynchronously(on: executor)
                continue
            }
            if withLock({ isShutDown && head >= jobs.count }) { return }
        }
    }

    private func withLock<Result>(_ body: () -> Result) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}

/// What the new thread needs: the queue to drain, and its name.
private final class ThreadStart {
    /// Linux thread names hold at most 15 bytes (plus the terminating zero).
    static let maximumNameBytes = 15

    let queue: JobQueue
    let name: String

    init(queue: JobQueue, name: String) {
        self.queue = queue
        self.name = name
    }

    func run() {
        #if os(Linux)
            // Cut at a character boundary within the OS limit; a name that cannot be set is only cosmetic.
            var bytes = 0
            let prefix = String(
                name.prefix { character in
                    bytes += character.utf8.count
                    return bytes <= Self.maximumNameBytes
                })
            // /proc/thread-self/comm is pthread_setname_np's own mechanism (Glibc's module does not export it).
            let file = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
            if file >= 0 {
                let text = Array(prefix.utf8)
                _ = text.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
                close(file)
            }
        #endif
        queue.runLoop()
    }
}
