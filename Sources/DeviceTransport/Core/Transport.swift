/// A link to one device that moves fixed-size reports (USB interrupt transfers) or datagrams (emulators), each
/// with a deadline.
///
/// The link knows nothing of the vendor protocol: framing and message exchange live in the `Devices` module, so
/// the same session code runs over USB, UDP, a replayed transcript or a recording tap.
public protocol Transport: Sendable {
    /// Where the link goes, for messages and listings: `usb:001:011`, `udp:127.0.0.1:21324`, `replay:FILE`.
    var name: String { get }

    /// Bytes in one report or datagram (64 for every supported device).
    var reportSize: Int { get }

    /// Sends one report. Fails with `.timedOut` when the device has not taken it by `deadline`.
    func write(_ report: [UInt8], deadline: Deadline) async throws(TransportError)

    /// Receives one report. Fails with `.timedOut` when none arrives by `deadline`.
    func read(deadline: Deadline) async throws(TransportError) -> [UInt8]

    /// Releases the link (USB: release the interface, re-attach the kernel driver, close). Idempotent.
    func close() async
}
