internal import Manifest

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
        var swiftHTTP: [Double] = []
        var swiftFolder: [Double] = []
        var pythonHTTP: [Double] = []
        var pythonFolder: [Double] = []
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
                let pythonHTTPRun = numbers(after: "\"http\": [", in: output),
                let pythonFolderRun = numbers(after: "\"folder\": [", in: output)
            else { return print("benchmark run failed") }
            swiftHTTP.append(http)
            swiftFolder.append(folder)
            pythonHTTP += pythonHTTPRun
            pythonFolder += pythonFolderRun
        }

        print("Repository: \(targetCount) targets in one delegated role (1 level), ECDSA P-256 keys; metadata ")
        print("\(fileSize(repository + "/metadata/1.firmware.json") / 1000) kB for the delegated role. ")
        print("Each run: fresh metadata folder with the pinned root, refresh + lookup of one delegated target. ")
        print("Best and median of \(runs) runs (best is the figure least disturbed by other load on the machine).\n")
        print(
            "| transport | Custos best (ms) | Custos median (ms) | python-tuf best (ms) | python-tuf median (ms) "
                + "| speed-up (best) | speed-up (median) |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        row("loopback HTTP", swiftHTTP, pythonHTTP)
        row("local folder", swiftFolder, pythonFolder)
        print("")
    }

    private static func refresh(store: MetadataStore, metadataBase: String, fetcher: any Fetcher, query: String) throws
    {
        var updater = try Updater(store: store, metadataBase: metadataBase, fetcher: fetcher)
        try updater.refresh()
        guard try updater.targetInfo(for: query) != nil else { throw TUFError.targetNotFound(query) }
    }

    /// Times one `body` on a fresh metadata store holding only the pinned root; nil if it fails.
    private static func measure(work: String, index: Int, _ body: (MetadataStore) throws -> Void) -> Double? {
        let store = MetadataStore(folder: work + "/client-\(index)")
        defer { _ = Spawn.run(["/bin/rm", "-rf", store.folder]) }
        guard (try? store.initialize(trustedRootFile: work + "/repository/metadata/1.root.json")) != nil else {
            return nil
        }
        var failed = false
        let elapsed = ContinuousClock().measure {
            do { try body(store) } catch {
                print("run failed: \(error)")
                failed = true
            }
        }
        if failed { return nil }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static func row(_ name: String, _ custos: [Double], _ python: [Double]) {
        func ms(_ value: Double) -> String { Measure.format(value * 1000, decimals: 1) }
        let custosMedian = median(custos)
        let pythonMedian = median(python)
        let custosBest = custos.min() ?? 0
        let pythonBest = python.min() ?? 0
        print(
            "| \(name) | \(ms(custosBest)) | \(ms(custosMedian)) | \(ms(pythonBest)) | \(ms(pythonMedian)) "
                + "| \(Measure.format(pythonBest / custosBest, decimals: 1))x "
                + "| \(Measure.format(pythonMedian / custosMedian, decimals: 1))x |")
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
