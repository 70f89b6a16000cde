import CustosTestSupport
import DeviceTransport
import Foundation

/// The project's own USB vectors in `Vectors/usb/`.
enum USBVectors {
    static var root: URL { PackagePaths.root.appendingPathComponent("Vectors/usb") }

    static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    static func transcript(_ relative: String) throws -> Transcript {
        try Transcript.parse(String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8))
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    static let demoChallenge = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"

    static var trezorTranscripts: [String] {
        let folder = root.appendingPathComponent("trezor")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".transcript") }.sorted()
    }
}
