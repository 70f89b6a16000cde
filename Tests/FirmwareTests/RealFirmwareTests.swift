import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

@testable import Firmware

/// Real vendor releases, never committed: set CUSTOS_REAL_FIRMWARE_DIR to a folder of images fetched from the public
/// repositories listed in shared/docs/firmware-formats.md §8. Every file found must parse; every production-signed
/// image of an indexed kind must be GENUINE (the pinned history is complete); Trezor images must agree with trezorlib
/// on verdict and fingerprint.
@Suite("Real vendor firmware (CUSTOS_REAL_FIRMWARE_DIR)")
struct RealFirmwareTests {
    static var folder: URL? {
        ProcessInfo.processInfo.environment["CUSTOS_REAL_FIRMWARE_DIR"].map { URL(fileURLWithPath: $0) }
    }

    static func files() -> [URL] {
        guard let folder,
            let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        return walker.compactMap { $0 as? URL }.filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
                && ["bin", "dfu"].contains($0.pathExtension)
        }.sorted { $0.path < $1.path }
    }

    @Test(.enabled(if: folder != nil, "set CUSTOS_REAL_FIRMWARE_DIR to run"))
    func everyRealImageParsesAndTrezorAgreesWithTrezorlib() throws {
        let files = Self.files()
        #expect(!files.isEmpty, "no .bin/.dfu files under CUSTOS_REAL_FIRMWARE_DIR")
        var parsed = 0
        var genuine = 0
        var trezorPaths: [String] = []
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            guard let image = try? FirmwareImage(bytes: bytes) else {
                Issue.record("\(file.lastPathComponent) does not parse")
                continue
            }
            parsed += 1
            let result = FirmwareVerifier().verify(image)
            if result.genuine { genuine += 1 }
            // The pinned history must be complete: a production-signed image of a kind the vendor publishes an
            // index for (Trezor firmware, bootloader and secmon; Coldcard DFU; BitBox02) must be listed.
            if result.vendorSigned, case .unlisted(let reason) = result.release {
                Issue.record("\(file.lastPathComponent) is production-signed but not in the pinned history: \(reason)")
            }
            print(
                "[real] \(result.printedVerdict.rawValue) \(file.lastPathComponent) \(image.description.vendor) "
                    + "\(image.description.model ?? "-") \(result.version ?? "-") \(result.problems.map(\.message).joined(separator: "; "))"
            )
            if image.description.vendor == .trezor { trezorPaths.append(file.path) }
        }
        reportVectorCount("real images parsed", passed: parsed, total: files.count)
        print("[real] \(genuine) of \(files.count) genuine")
        guard !trezorPaths.isEmpty else { return }
        let verdicts = try TrezorlibOracleTests.oracle(trezorPaths)
        var agreed = 0
        for path in trezorPaths {
            let verdict = try #require(verdicts[path])
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            if String(decoding: bytes.prefix(4), as: UTF8.self) == "TRZB" || !verdict.parse {
                // trezorlib.firmware.parse refuses TRZB; the oracle script checks it with the boardloader keys.
                #expect(verdict.parse, "\(path)")
            }
            if TrezorlibOracleTests.agree(bytes: bytes, verdict: verdict) { agreed += 1 }
        }
        reportVectorCount("real Trezor images vs trezorlib", passed: agreed, total: trezorPaths.count)
        #expect(agreed == trezorPaths.count)
    }
}
