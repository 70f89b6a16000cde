// Release-build benchmarks (`make bench`). Each suite prints a Markdown table for docs/PERFORMANCE.md.
//   custos-bench [suite...]   suites: ceremony, crypto, firmware, lab, psbt, qr, transport, tuf (default: all)
//   custos-bench pipeline-fixture|pipeline-floor ARGS...   helpers of Benchmarks/pipeline/bench-pipeline.sh
//   firmware reads CUSTOS_FIRMWARE_BENCH_IMAGE (default /tmp/custos-firmware-bench/bench-00.bin)

#if canImport(Glibc)
    internal import Glibc
#endif

let suites: [String: () -> Void] = [
    "ceremony": CeremonyBenchmark.run,
    "crypto": CryptoBenchmark.run,
    "psbt": PSBTBenchmark.run,
    "qr": QRBenchmark.run,
    "pipeline-fixture": PipelineBenchmark.fixture,
    "pipeline-floor": PipelineBenchmark.floor,
    "firmware": FirmwareBenchmark.run,
    "lab": LabBenchmark.run,
    "transport": TransportBenchmark.run,
    "tuf": TUFBenchmark.run,
]

let requested = CommandLine.arguments.dropFirst()
// The pipeline helpers take arguments and are run by Benchmarks/pipeline/bench-pipeline.sh, not as suites.
let names: [String]
if let first = requested.first, first.hasPrefix("pipeline-") {
    names = [first]
} else if requested.isEmpty {
    names = suites.keys.sorted().filter { !$0.hasPrefix("pipeline-") }
} else {
    names = Array(requested)
}
for name in names {
    guard let suite = suites[name] else {
        let message = "unknown suite \(name); known: \(suites.keys.sorted().joined(separator: ", "))\n"
        _ = message.utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
        exit(64)
    }
    suite()
}
