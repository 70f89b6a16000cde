internal import CustosSupport
internal import TUF

/// Runs one tuf-conformance client step on the Manifest module's `Updater`.
enum ConformanceClient {
    static func run(arguments: [String]) -> Int32 {
        let parsed: ConformanceArguments
        do {
            parsed = try ConformanceArguments(parsing: arguments)
        } catch {
            report("usage: \(error)")
            return 1
        }
        do throws(TUFError) {
            switch parsed.command {
            case .initialize(let trustedRoot):
                let folder = try required(parsed.metadataFolder, "--metadata-dir")
                let root = try MetadataStore(folder: folder).initialize(trustedRootFile: trustedRoot)
                report("initialized \(folder) with root version \(root.common.version)")
            case .refresh:
                var updater = try makeUpdater(parsed)
                try updater.refresh()
                report("refreshed: \(describe(updater.trusted))")
            case .download:
                guard !parsed.targetNames.isEmpty else { throw TUFError.storage("download needs --target-name") }
                _ = try required(parsed.targetFolder, "--target-dir")
                _ = try required(parsed.targetBaseURL, "--target-base-url")
                var updater = try makeUpdater(parsed)
                for name in parsed.targetNames {
                    guard let target = try updater.targetInfo(for: name) else { throw TUFError.targetNotFound(name) }
                    if let cached = updater.cachedTarget(target) {
                        report("\(name): already current at \(cached)")
                    } else {
                        report("\(name): downloaded to \(try updater.downloadTarget(target))")
                    }
                }
            case nil:
                throw TUFError.storage("no command")
            }
            return 0
        } catch {
            report("custos-tuf: \(error)")
            return 1
        }
    }

    private static func makeUpdater(_ arguments: ConformanceArguments) throws(TUFError) -> Updater {
        let folder = try required(arguments.metadataFolder, "--metadata-dir")
        let metadataURL = try required(arguments.metadataURL, "--metadata-url")
        let fetcher: any Fetcher
        do {
            fetcher = try RepositoryLocation.fetcher(for: metadataURL)
        } catch {
            throw .download(error)
        }
        return try Updater(
            store: MetadataStore(folder: folder), metadataBase: RepositoryLocation.base(metadataURL),
            targetFolder: arguments.targetFolder, targetBase: arguments.targetBaseURL.map(RepositoryLocation.base),
            fetcher: fetcher)
    }

    private static func required(_ value: String?, _ option: String) throws(TUFError) -> String {
        guard let value, !value.isEmpty else { throw .storage("\(option) is required") }
        return value
    }

    private static func describe(_ trusted: TrustedMetadataSet) -> String {
        var parts = ["root v\(trusted.root.common.version)"]
        if let timestamp = trusted.timestamp { parts.append("timestamp v\(timestamp.common.version)") }
        if let snapshot = trusted.snapshot { parts.append("snapshot v\(snapshot.common.version)") }
        if let targets = trusted.targets(named: "targets") { parts.append("targets v\(targets.common.version)") }
        return parts.joined(separator: ", ")
    }

    /// One diagnostic line on stderr (nothing is left to tell anyone if that write fails).
    private static func report(_ message: String) {
        try? StandardStream.error.write(Array((message + "\n").utf8))
    }
}
