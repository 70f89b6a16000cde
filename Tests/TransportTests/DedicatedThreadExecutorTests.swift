import Foundation
import Synchronization
import Testing

@testable import DeviceTransport

/// An actor on a `DedicatedThreadExecutor`, as USBHost, USBDeviceConnection and UDPTransport are, that records
/// where and in which order its jobs run.
actor ExecutorProbe {
    private let executor: DedicatedThreadExecutor
    private(set) var order: [Int] = []
    private(set) var threads: Set<UInt> = []
    private(set) var threadNames: Set<String> = []

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    init(name: String) {
        executor = DedicatedThreadExecutor(name: name)
    }

    /// One job: notes its number, the thread it runs on and that thread's OS name.
    func record(_ number: Int) {
        order.append(number)
        threads.insert(UInt(bitPattern: Int(bitPattern: pthread_self())))
        let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?"
        threadNames.insert(name.trimmingCharacters(in: .newlines))
    }

    /// Enqueues `count` jobs from inside a job: they queue behind this one in creation order, all before any runs.
    func enqueueFromInside(_ count: Int) {
        for number in 0..<count {
            Task { self.record(number) }
        }
    }

    /// Blocks this actor's thread (as a libusb transfer or `poll` does) until `gate` is signalled.
    func block(entered: Counter, gate: DispatchSemaphore) {
        entered.value.add(1, ordering: .releasing)
        gate.wait()
    }
}

/// A counter the blocked actors and the test share.
final class Counter: Sendable {
    let value = Atomic<Int>(0)
}

@Suite("DedicatedThreadExecutor")
struct DedicatedThreadExecutorTests {
    @Test func jobsRunInTheOrderTheyWereEnqueued() async throws {
        let probe = ExecutorProbe(name: "custos-test-order")
        let count = 500
        await probe.enqueueFromInside(count)
        while await probe.order.count < count { await Task.yield() }
        #expect(await probe.order == Array(0..<count))
    }

    @Test func everyJobRunsOnTheExecutorsOwnNamedThread() async throws {
        let first = ExecutorProbe(name: "custos-usb-001:002")
        let second = ExecutorProbe(name: "custos-udp")
        await withTaskGroup(of: Void.self) { group in
            for number in 0..<200 {
                group.addTask { await first.record(number) }
                group.addTask { await second.record(number) }
            }
        }
        let firstThreads = await first.threads
        let secondThreads = await second.threads
        #expect(firstThreads.count == 1)
        #expect(secondThreads.count == 1)
        #expect(firstThreads.isDisjoint(with: secondThreads))
        // The OS name proves the thread is the one the executor started, not one of the cooperative pool's.
        #expect(await first.threadNames == ["custos-usb-001:"])
        #expect(await second.threadNames == ["custos-udp"])
    }

    /// More actors block their threads at once than the cooperative pool has threads, and the pool still runs
    /// other work: blocking calls never hold a pool thread.
    @Test(.timeLimit(.minutes(1))) func blockedExecutorsLeaveTheCooperativePoolFree() async throws {
        let blockers = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
        let probes = (0..<blockers).map { ExecutorProbe(name: "custos-block-\($0)") }
        let entered = Counter()
        let gate = DispatchSemaphore(value: 0)
        let blocked = Task {
            await withTaskGroup(of: Void.self) { group in
                for probe in probes { group.addTask { await probe.block(entered: entered, gate: gate) } }
            }
        }
        while entered.value.load(ordering: .acquiring) < blockers { await Task.yield() }
        // Every executor thread is now blocked; work on the cooperative pool still completes.
        let sums = await withTaskGroup(of: Int.self, returning: [Int].self) { group in
            for base in 0..<blockers { group.addTask { (0..<1000).reduce(base, +) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(sums.count == blockers)
        for _ in 0..<blockers { gate.signal() }
        await blocked.value
    }
}
