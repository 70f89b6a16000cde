internal import ArgumentParser
internal import Custody
internal import DeviceTransport
internal import Devices

/// Where the device is: USB (default), a UDP emulator, or a replayed transcript.
struct DeviceSourceOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("Talk to an emulator over UDP, e.g. 127.0.0.1:21324.", valueName: "HOST:PORT"))
    var udp: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Replay a recorded conversation (Vectors/usb/README.md) instead of a device.", valueName: "FILE"))
    var transcript: String?

    @Option(name: .long, help: "Seconds a device may take to answer one request.")
    var timeout: Double = 5

    func validateSources(device: String?) throws {
        let sources = [device != nil, udp != nil, transcript != nil].filter { $0 }.count
        guard sources <= 1 else { throw ValidationError("give one of DEVICE, --udp and --transcript") }
        guard timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be between 0 and 3600 seconds")
        }
        if let udp, UDPTransport.split(udp) == nil {
            throw ValidationError("--udp expects HOST:PORT, e.g. 127.0.0.1:21324")
        }
    }

    var timeoutDuration: Duration {
        .milliseconds(Int64(timeout * 1000))
    }

    /// The device the options and the DEVICE argument name: a transcript, an emulator (`--udp` or `udp:HOST:PORT`),
    /// a USB locator, or the only attached Trezor.
    func deviceSource(device: String?) throws -> DeviceSource {
        if let path = transcript { return .transcript(try loadTranscript(path), name: "replay:\(path)") }
        if let endpoint = udp ?? device.flatMap({ $0.hasPrefix("udp:") ? String($0.dropFirst(4)) : nil }) {
            return .emulator(endpoint: endpoint)
        }
        return .usb(locator: device)
    }

    /// The transcript named by `--transcript`, parsed (exit 2 when unreadable or malformed).
    func loadTranscript(_ path: String) throws -> Transcript {
        let bytes = try FileIO.readInput(path, limit: 16 * 1024 * 1024)
        do {
            return try Transcript.parse(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw ContextualFailure(doing: path, underlying: error)
        }
    }
}
