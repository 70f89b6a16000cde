internal import TUF

#if canImport(Glibc)
    internal import Glibc
#endif

/// Issue 4's figure: a full client update (root, timestamp, snapshot, targets, then the one delegated role holding
/// 10,000 targets, to find a target in it) from a fresh metadata folder, against python-tuf's ngclient on the same
/// repository in the same run, over loopback HTTP and from a local folder. Both are timed in-process (interpreter
/// and process start-up excluded, which favours Python). Target: at least 5x faster.
enum TUFBenchmark {
    static let targetCount = 10_000
    static let runs = 20

    static func run() {
        print("## TUF client refresh (Manifest vs python-tuf ngclient)\n")
        let python = Spawn.python
        let script = "Benchmarks/tuf/tuf_benchmark.py"
        guard let work = Spawn.temporaryFolder() else { return print("cannot create a temporary folder") }
        defer { _ = Spawn.run(["/bin/rm", "-rf", work]) }
        let repository = work + "/repository"
        guard let query = Spawn.run([python, script, "generate", repository, String(targetCount)])?.trimmed else {
            return print("cannot generate the repository with python-tuf (run `make deps`)")
        }
        let portFile = work + "/port"
        guard let server = Spawn.start([python, script, "serve", repository, portFile]) else {
            return print("cannot start the loopback server")
        }
        defer { Spawn.stop(server) }
        guard let port = Spawn.waitForFile(portFile) else { return print("the loopback server did not start") }
        let url = "http://127.0.0.1:\(port)/"

        // Interleaved (one Custos run of each transport, then one python-tuf run of each), so load from other
        // processes on the machine falls on both clients alike.
        var swiftHTTP = Samples()
        var swiftFolder = Samples()
        var pythonHTTP = Samples()
        var pythonFolder = Samples()
        for index in 0..<runs {
            guard
                let http = measure(
                    work: work, index: index,
                    { store in
                        try refresh(
                            store: store, metadataBase: url + "metadata/", fetcher: try HTTPFetcher(), query: query)
                    }),
                let folder = measure(
                    work: work, index: index,
                    { store in
                        try refresh(
                            store: store, metadataBase: repository + "/metadata/", fetcher: DirectoryFetcher(),
                            query: query)
                    }),
                let output = Spawn.run([python, script, "time", repository, url, "1"]),
                let pythonHTTPWall = numbers(after: "\"http\": [", in: output),
                let pythonFolderWall = numbers(after: "\"folder\": [", in: output),
                let pythonHTTPCPU = numbers(after: "\"http_cpu\": [", in: output),
                let pythonFolderCPU = numbers(after: "\"folder_cpu\": [", in: output)
            else { return print("benchmark run failed") }
            swiftHTTP.add(http)
            swiftFolder.add(folder)
            pythonHTTP.add((pythonHTTPWall[0], pythonHTTPCPU[0]))
            pythonFolder.add((pythonFolderWall[0], pythonFolderCPU[0]))
        }

        print("Repository: \(targetCount) targets in one delegated role (1 level), ECDSA P-256 keys, python-tuf's")
        print(
            "default serialization; \(fileSize(repository + "/metadata/1.firmware.json") / 1000) kB for the delegated ")
        print("role. Each run: fresh metadata folder with the pinned root, refresh + lookup of one delegated target; ")
        print("\(runs) runs, interleaved. Wall = elapsed time (best and median); CPU = the client thread's CPU time ")
        print("(median), which load from other processes on the machine disturbs least.\n")
        print(
            "| transport | Custos wall best / median (ms) | python-tuf wall best / median (ms) "
                + "| speed-up (wall, median) | Custos CPU (ms) | python-tuf CPU (ms) | speed-up (CPU) |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        row("loopback HTTP", swiftHTTP, pythonHTTP)
        row("local folder", swiftFolder, pythonFolder)
        print("")
    }

    /// Wall-clock and thread CPU seconds of each run.
    struct Samples {
        var wall: [Double] = []
        var cpu: [Double] = []

        mutating func add(_ sample: (wall: Double, cpu: Double)) {
            wall.append(sample.wall)
            cpu.append(sample.cpu)
        }
    }

    private static func refresh(store: MetadataStore, metadataBase: String, fetcher: any Fetcher, query: String) throws
    {
        var updater = try Updater(store: store, metadataBase: metadataBase, fetcher: fetcher)
        try updater.refresh()
        guard try updater.targetInfo(for: query) != nil else { throw TUFError.targetNotFound(query) }
    }

    /// Times one `body` (wall clock and this thread's CPU time) on a fresh metadata store holding only the pinned
    /// root; nil if it fails.
    private static func measure(
        work: String, index: Int, _ body: (MetadataStore) throws -> Void
    )
        -> (wall: Double, cpu: Double)?
    {
        let store = MetadataStore(folder: work + "/client-\(index)")
        defer { _ = Spawn.run(["/bin/rm", "-rf", store.folder]) }
        guard (try? store.initialize(trustedRootFile: work + "/repository/metadata/1.root.json")) != nil else {
            return nil
        }
        var failed = false
        let cpuStart = threadCPUSeconds()
        let elapsed = ContinuousClock().measure {
            do { try body(store) } catch {
                print("run failed: \(error)")
                failed = true
            }
        }
        let cpu = threadCPUSeconds() - cpuStart
        if failed { return nil }
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, cpu)
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func row(_ name: String, _ custos: Samples, _ python: Samples) {
        func ms(_ value: Double) -> String { Measure.format(value * 1000, decimals: 1) }
        func ratio(_ numerator: Double, _ denominator: Double) -> String {
            Measure.format(numerator / denominator, decimals: 1) + "x"
        }
        let custosWall = median(custos.wall)
        let pythonWall = median(python.wall)
        let custosCPU = median(custos.cpu)
        let pythonCPU = median(python.cpu)
        print(
            "| \(name) | \(ms(custos.wall.min() ?? 0)) / \(ms(custosWall)) | \(ms(python.wall.min() ?? 0)) / "
                + "\(ms(pythonWall)) | \(ratio(pythonWall, custosWall)) | \(ms(custosCPU)) | \(ms(pythonCPU)) "
                + "| \(ratio(pythonCPU, custosCPU)) |")
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Parses the comma-separated numbers following `marker` up to the next `]` (the Python side's JSON).
    private static func numbers(after marker: String, in text: String) -> [Double]? {
        guard let start = text.firstRange(of: marker)?.upperBound, let end = text[start...].firstIndex(of: "]") else {
            return nil
        }
        let values = text[start..<end].split(separator: ",").compactMap { Double($0.trimmingCharacters(in: " ")) }
        return values.isEmpty ? nil : values
    }

    private static func fileSize(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text.removeFirst() }
        while let last = text.last, characters.contains(last) { text.removeLast() }
        return String(text)
    }

    fileprivate var trimmed: String { trimmingCharacters(in: " \n\t\r") }
}
