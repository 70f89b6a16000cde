import Foundation
import TUF

/// A fresh temporary folder per test, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("custos-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Wraps a fetcher and records every location asked for, relative to `base`, with " (404)" for missing files
/// (the notation of shared/vectors/tuf/expected.json).
final class RecordingFetcher: Fetcher {
    let base: String
    let inner: any Fetcher
    private(set) var requests: [String] = []

    init(base: String, inner: any Fetcher = DirectoryFetcher()) {
        self.base = base
        self.inner = inner
    }

    func fetch(_ location: String, maximumLength: Int) throws(FetchError) -> [UInt8] {
        let relative = location.hasPrefix(base) ? String(location.dropFirst(base.count)) : location
        do {
            let bytes = try inner.fetch(location, maximumLength: maximumLength)
            requests.append(relative)
            return bytes
        } catch {
            if case .notFound = error { requests.append(relative + " (404)") } else { requests.append(relative) }
            throw error
        }
    }
}
