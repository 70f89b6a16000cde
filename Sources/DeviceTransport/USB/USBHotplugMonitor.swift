internal import CLibUSB
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// A device arriving or leaving.
public enum USBHotplugEvent: Sendable, Equatable {
    case arrived(USBDeviceDescription)
    case left(USBDeviceDescription)
}

/// Delivers libusb hotplug events as an `AsyncStream`, with a thread of its own that runs libusb's event loop.
///
/// `@unchecked Sendable`: the registration handle is written once in `init` and read only in `stop()`, which the
/// `stopped` atomic makes run once; the event thread touches only the atomic and the retained `EventSink`.
public final class USBHotplugMonitor: @unchecked Sendable {
    public let events: AsyncStream<USBHotplugEvent>
    private let context: USBContext
    private let sink: EventSink
    private var callbackHandle: libusb_hotplug_callback_handle = 0
    private let stopped = Atomic<Bool>(false)

    init(context: USBContext, vendorID: UInt16?, includeExisting: Bool) throws(USBError) {
        guard USBHost.supportsHotplug else {
            throw USBError(
                kind: .notSupported, operation: "watch for USB hotplug events",
                code: LIBUSB_ERROR_NOT_SUPPORTED.rawValue)
        }
        self.context = context
        let (stream, continuation) = AsyncStream<USBHotplugEvent>.makeStream(bufferingPolicy: .bufferingNewest(256))
        events = stream
        sink = EventSink(continuation: continuation)
        let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
        let flags = includeExisting ? Int32(LIBUSB_HOTPLUG_ENUMERATE.rawValue) : 0
        let userData = Unmanaged.passUnretained(sink).toOpaque()
        var handle: libusb_hotplug_callback_handle = 0
        try LibUSB.check(
            libusb_hotplug_register_callback(
                context.pointer, events, flags, vendorID.map(Int32.init) ?? LIBUSB_HOTPLUG_MATCH_ANY,
                LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
                { _, device, event, userData in
                    guard let device, let userData else { return 0 }
                    let sink = Unmanaged<EventSink>.fromOpaque(userData).takeUnretainedValue()
                    guard let description = try? USBDescriptorReader.describe(device) else { return 0 }
                    if event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED {
                        sink.continuation.yield(.arrived(description))
                    } else {
                        sink.continuation.yield(.left(description))
                    }
                    return 0
                }, userData, &handle),
            "watch for USB hotplug events")
        callbackHandle = handle
        startEventThread()
    }

    deinit {
        stop()
    }

    /// Stops delivery and ends the stream. Idempotent.
    public func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        libusb_hotplug_deregister_callback(context.pointer, callbackHandle)
        sink.continuation.finish()
    }

    private func startEventThread() {
        let loop = EventLoop(context: context, sink: sink, monitor: Unmanaged.passUnretained(self))
        let argument = Unmanaged.passRetained(loop).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                Unmanaged<EventLoop>.fromOpaque(argument).takeRetainedValue().run()
                return nil
            }, argument)
        if created == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<EventLoop>.fromOpaque(argument).release()
        }
    }
}

/// Holds the stream's continuation for the C callback.
private final class EventSink: Sendable {
    let continuation: AsyncStream<USBHotplugEvent>.Continuation

    init(continuation: AsyncStream<USBHotplugEvent>.Continuation) {
        self.continuation = continuation
    }
}

/// The event thread: runs libusb's event handling in 100 ms slices until the stream ends.
private final class EventLoop: @unchecked Sendable {
    // @unchecked Sendable: handed to exactly one thread, which is the only one to use it.
    let context: USBContext
    let sink: EventSink
    let finished = StopFlag()

    init(context: USBContext, sink: EventSink, monitor: Unmanaged<USBHotplugMonitor>) {
        self.context = context
        self.sink = sink
        sink.continuation.onTermination = { [finished] _ in finished.value.store(true, ordering: .releasing) }
    }

    func run() {
        while !finished.value.load(ordering: .acquiring) {
            var slice = timeval(tv_sec: 0, tv_usec: 100_000)
            libusb_handle_events_timeout_completed(context.pointer, &slice, nil)
        }
    }
}

/// A flag the stream's termination handler sets and the event thread polls.
private final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}
