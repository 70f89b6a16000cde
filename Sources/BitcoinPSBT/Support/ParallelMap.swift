internal import Dispatch

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Runs independent per-item work on every core (signature checks dominate a large PSBT's cost; key derivation a
/// large sweep plan's).
public enum ParallelMap {
    /// Below this many items the work runs on the calling thread: spreading it would cost more than it saves.
    public static let minimumParallelCount = 64

    public static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// `transform` applied to 0..<count, in order. `transform` must only read shared state.
    public static func map<Result: Sendable>(count: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
        guard count >= minimumParallelCount, processorCount > 1 else {
            return (0..<count).map(transform)
        }
        let results = ResultSlots<Result>(count: count)
        // A few chunks per core keeps the cores busy when some items cost more than others.
        let chunkCount = min(count, processorCount * 4)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let start = count * chunk / chunkCount
            let end = count * (chunk + 1) / chunkCount
            for index in start..<end {
                results.store(transform(index), at: index)
            }
        }
        return results.collect()
    }
}

/// Storage each worker writes its own disjoint slots of.
///
/// `@unchecked Sendable`: every index is written by exactly one chunk of `concurrentPerform`, and `collect()` reads
/// only after `concurrentPerform` has returned, so no slot is ever accessed by two threads at once. The chunks cover
/// every index and the transform cannot throw, so all slots are initialized before `collect()` and `deinit`.
private final class ResultSlots<Result>: @unchecked Sendable {
    private let buffer: UnsafeMutablePointer<Result>
    private let count: Int

    init(count: Int) {
        self.count = count
        buffer = UnsafeMutablePointer<Result>.allocate(capacity: count)
    }

    func store(_ value: Result, at index: Int) {
        (buffer + index).initialize(to: value)
    }

    func collect() -> [Result] {
        Array(UnsafeBufferPointer(start: buffer, count: count))
    }

    deinit {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }
}
