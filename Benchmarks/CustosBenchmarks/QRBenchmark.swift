internal import CustosCrypto
internal import CustosSupport
internal import PSBTTestKit
internal import QR

#if canImport(Glibc)
    internal import Glibc
#endif

/// Issue 17's figures: a 2,000-input 2-of-3 wsh(sortedmulti) sweep PSBT as BBQr (QR v25 at most) and UR
/// (v12 at most): parts, then every frame drawn by libqrencode, written as PNG, read back (PNG + zbar) and the
/// series reassembled and compared. Then the same as users run it, whole processes: `custos qr encode --png-dir`
/// and `custos qr decode --image` (the release `custos` beside this binary).
enum QRBenchmark {
    static let inputCount = 2_000

    static func run() {
        print("## QR air-gap (\(inputCount)-input sweep PSBT)\n")
        guard let folder = Spawn.temporaryFolder() else {
            print("no temporary folder")
            return
        }
        defer { _ = Spawn.run(["/bin/rm", "-rf", folder]) }
        let psbt: [UInt8]
        do {
            let wallet = try TestWallet(kind: .wshSortedMulti, threshold: 2, keyCount: 3, seed: 42)
            psbt = try wallet.sweep(inputCount: inputCount, version: 0, feeRate: 2).psbt.serialized()
            try LocalFile.writeAtomically(psbt, to: folder + "/sweep.psbt")
        } catch {
            print("fixture failed: \(error)")
            return
        }
        print("PSBT: \(psbt.count / 1024) KiB binary.\n")
        print(
            "| format | parts | QR version | encode | draw (libqrencode) | PNG write | scan (PNG read + zbar) | join | per frame (draw+PNG+scan) | whole process encode / decode |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for format in QRTransportFormat.allCases {
            do {
                try measure(psbt, format: format, folder: folder)
            } catch {
                print("| \(format.rawValue) | benchmark failed: \(error) |")
            }
        }
        print("")
    }

    private static func measure(_ psbt: [UInt8], format: QRTransportFormat, folder: String) throws {
        let clock = ContinuousClock()
        var parts: [String] = []
        var failure: (any Error)?
        let encode = seconds(
            clock.measure {
                do {
                    parts = try QRFileEncoder.parts(
                        psbt, kind: .psbt, format: format, maximumVersion: format.defaultMaximumVersion)
                } catch { failure = error }
            })
        if let failure { throw failure }
        var symbols: [QRSymbol] = []
        let draw = try timed { symbols = try QRSymbol.series(parts) }
        var files: [[UInt8]] = []
        let write = try timed { files = try symbols.map { try PNG.encode(GrayImage($0, scale: 4)) } }
        var scanned: [String] = []
        let scan = try timed { scanned = try files.flatMap { try QRScanner.scanPNG($0) } }
        var joined: [UInt8] = []
        let join = try timed { joined = try QRAssembler.assemble(scanned).bytes }
        guard scanned == parts, joined == psbt else {
            print("| \(format.rawValue) | round trip differs |")
            return
        }
        let perFrame = (draw + write + scan) / Double(parts.count)
        let whole = wholeProcess(format: format, folder: folder, expected: psbt)
        print(
            "| \(format.rawValue) | \(parts.count) | \(symbols.first?.version ?? 0) | \(ms(encode)) | \(ms(draw)) "
                + "| \(ms(write)) | \(ms(scan)) | \(ms(join)) | \(Measure.format(perFrame * 1000, decimals: 1)) ms "
                + "| \(whole) |")
    }

    /// `custos qr encode FILE --png-dir DIR` then `custos qr decode --image DIR/*.png -o OUT`, timed as processes.
    private static func wholeProcess(format: QRTransportFormat, folder: String, expected: [UInt8]) -> String {
        let custos = executableFolder() + "/custos"
        guard access(custos, X_OK) == 0 else { return "(no release custos beside custos-bench)" }
        let pngs = folder + "/png-" + format.rawValue
        let clock = ContinuousClock()
        var encoded = false
        let encode = seconds(
            clock.measure {
                encoded =
                    Spawn.run([
                        custos, "qr", "encode", folder + "/sweep.psbt", "--format", format.rawValue, "--png-dir", pngs,
                    ])
                    != nil
            })
        guard encoded, let listing = Spawn.run(["/bin/ls", pngs]) else { return "encode failed" }
        let images = listing.split(separator: "\n").map { pngs + "/" + $0 }
        let output = folder + "/decoded-" + format.rawValue + ".psbt"
        var decoded = false
        let decode = seconds(
            clock.measure {
                decoded = Spawn.run([custos, "qr", "decode", "--image"] + images + ["-o", output]) != nil
            })
        let same = (try? LocalFile.contents(of: output, limit: 64 << 20)) == expected
        guard decoded, same else { return "decode failed" }
        return "\(ms(encode)) / \(ms(decode))"
    }

    private static func executableFolder() -> String {
        var buffer = [Int8](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "." }
        let path = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }

    private static func timed(_ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        var failure: (any Error)?
        let elapsed = seconds(clock.measure { do { try body() } catch { failure = error } })
        if let failure { throw failure }
        return elapsed
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func ms(_ seconds: Double) -> String { Measure.format(seconds * 1_000, decimals: 0) + " ms" }
}
