internal import BitcoinPSBT
internal import CustosSupport
internal import PSBTTestKit

#if canImport(Glibc)
    internal import Glibc
#endif

/// Helpers for the whole-process PSBT pipeline benchmark (`Benchmarks/pipeline/bench-pipeline.sh`, run by
/// `make bench`), which times `custos psbt combine`, `finalize` and `extract` as three processes on base64 files.
///
///   custos-bench pipeline-fixture INPUTS FOLDER   writes FOLDER/a.psbt and FOLDER/c.psbt: a 2-of-3
///       wsh(sortedmulti) sweep of INPUTS inputs signed by cosigner A and by cosigner C, base64 as Custos writes it
///   custos-bench pipeline-floor A.psbt C.psbt      prints the milliseconds libsecp256k1 takes, one thread, to verify
///       every partial signature of both files (keys and signatures parsed beforehand; best of three): wall clock,
///       then the thread's CPU time
enum PipelineBenchmark {
    static func fixture() {
        let arguments = Array(CommandLine.arguments.dropFirst(2))
        guard arguments.count == 2, let inputs = Int(arguments[0]) else { exit(64) }
        do {
            let wallet = try TestWallet(kind: .wshSortedMulti, threshold: 2, keyCount: 3, seed: 42)
            let spend = try wallet.sweep(inputCount: inputs, version: 0, feeRate: 2)
            for (index, name) in [(0, "a"), (2, "c")] {
                let copy = try wallet.signedCopy(of: spend.psbt, by: index)
                try LocalFile.writeAtomically(Array((copy.base64 + "\n").utf8), to: "\(arguments[1])/\(name).psbt")
            }
        } catch {
            print("fixture failed: \(error)")
            exit(3)
        }
    }

    static func floor() {
        let paths = Array(CommandLine.arguments.dropFirst(2))
        guard paths.count == 2 else { exit(64) }
        do {
            let copies = try paths.map { try PSBT(detecting: try LocalFile.contents(of: $0, limit: 256 << 20)) }
            let wall = try PSBTBenchmark.rawVerification(copies: copies)
            let cpu = try PSBTBenchmark.rawVerification(copies: copies, threadCPU: true)
            print(Measure.format(wall * 1000, decimals: 1), Measure.format(cpu * 1000, decimals: 1))
        } catch {
            print("floor failed: \(error)")
            exit(3)
        }
    }
}
