internal import CustosCrypto
internal import CustosSupport
internal import Firmware

#if canImport(Glibc)
    internal import Glibc
#endif

/// Issue 5's in-process figures: parse and verify of a ~1.1 MB image, against one SHA-256 pass over the same bytes.
/// The whole-process comparison with sha256sum and trezorctl is scripts/bench-firmware.sh (hyperfine).
enum FirmwareBenchmark {
    static func run() {
        let path =
            getenv("CUSTOS_FIRMWARE_BENCH_IMAGE").map { String(cString: $0) }
            ?? "/tmp/custos-firmware-bench/bench-00.bin"
        guard let bytes = try? LocalFile.contents(of: path, limit: 64 << 20) else {
            print("## Firmware verifier\n\nno image at \(path): run scripts/bench-firmware.sh (it generates them)\n")
            return
        }
        let megabytes = Double(bytes.count) / 1_000_000
        // The first parse and verify pay the one-time costs (OpenSSL algorithm fetches, libsodium init).
        let cold = Measure.best(repetitions: 1) {
            if let image = try? FirmwareImage(bytes: bytes) { blackHole(FirmwareVerifier().verify(image)) }
        }
        print("## Firmware verifier (in process, \(bytes.count) bytes)\n")
        print("| operation | ms | MB/s |")
        print("|---|---:|---:|")
        row("first parse + verify in the process (cold: library initialisation included)", cold, megabytes)
        let sha = Measure.best(repetitions: 20) { blackHole(SHA256.hash(bytes)) }
        row("SHA-256 of the file (floor)", sha, megabytes)
        let blake = Measure.best(repetitions: 20) { blackHole(BLAKE2s.hash(bytes)) }
        row("BLAKE2s-256 of the file", blake, megabytes)
        let parse = Measure.best(repetitions: 20) { blackHole(try? FirmwareImage(bytes: bytes)) }
        row("parse (chunk hashes, fingerprints)", parse, megabytes)
        guard let image = try? FirmwareImage(bytes: bytes) else { return }
        let verifier = FirmwareVerifier()
        let verify = Measure.best(repetitions: 20) { blackHole(verifier.verify(image)) }
        row("verify steps after parsing (signatures, policy, index)", verify, megabytes)
        print("")
    }

    private static func row(_ name: String, _ seconds: Double, _ megabytes: Double) {
        print("| \(name) | \(Measure.format(seconds * 1000, decimals: 2)) | \(Measure.format(megabytes / seconds)) |")
    }
}
