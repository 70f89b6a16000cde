internal import CustosSupport
internal import DeviceTransport
internal import Devices
internal import Glibc

/// `custos-bench transport`: a recorded attestation (Initialize → Features in 3 reports, GetFirmwareHash →
/// FirmwareHash) replayed through the replay transport, Trezor v1 framing and protobuf decoding. Target: ≥ 10,000
/// frames per second on one core, so a real device's link (1 ms per 64-byte interrupt report) stays the bottleneck.
enum TransportBenchmark {
    static func run() {
        guard let text = readTranscript("Vectors/usb/trezor/attest-t1-synthetic.transcript"),
            let transcript = try? Transcript.parse(text)
        else {
            print("transport: run from the repository root (Vectors/usb/ not found)")
            return
        }
        let frames = transcript.entries.count {
            if case .hostWrites = $0.step { true } else if case .deviceSends = $0.step { true } else { false }
        }
        let challenge = (try? TranscriptChallenge.recorded(in: transcript)) ?? []
        let sessions = 20_000
        let sessionSeconds = Measure.blockingBest {
            for _ in 0..<sessions {
                let session = TrezorSession(transport: ReplayTransport(transcript: transcript))
                let features = try? await session.initialize(deadline: .after(.seconds(5)))
                let hash = try? await session.firmwareHash(challenge: challenge, deadline: .after(.seconds(5)))
                blackHole((features, hash))
            }
        }
        let reports = transcript.entries.compactMap { if case .deviceSends(let bytes) = $0.step { bytes } else { nil } }
        let decodes = 200_000
        let decodeSeconds = Measure.best {
            for _ in 0..<decodes {
                var decoder = TrezorV1Decoder()
                for report in reports {
                    if let message = try? decoder.consume(report), message.type == 17 {
                        blackHole(try? TrezorFeatures(decoding: message.payload))
                    }
                }
            }
        }
        print("| transport operation | frames/s | sessions/s |")
        print("|---|---:|---:|")
        print(
            "| replayed attestation session (\(frames) frames: framing + protobuf + actor transport) | "
                + "\(Measure.format(Double(sessions * frames) / sessionSeconds, decimals: 0)) | "
                + "\(Measure.format(Double(sessions) / sessionSeconds, decimals: 0)) |")
        print(
            "| device reports decoded (framing + Features/FirmwareHash protobuf, no transport) | "
                + "\(Measure.format(Double(decodes * reports.count) / decodeSeconds, decimals: 0)) | - |")
    }

    private static func readTranscript(_ path: String) -> String? {
        guard let bytes = try? LocalFile.contents(of: path, limit: 16 << 20) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
