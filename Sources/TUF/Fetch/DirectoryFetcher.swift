internal import CustosSupport

/// Reads repository files from a local folder (an air-gapped lab's copy of a repository), with the same byte limits
/// as downloads. Locations are paths, optionally `file://` URLs; `%XX` escapes are decoded as a web server would,
/// and `..` segments are refused.
public struct DirectoryFetcher: Fetcher {
    public init() {}

    public func fetch(_ location: String, maximumLength: Int) throws(FetchError) -> [UInt8] {
        var path = location
        if path.hasPrefix("file://") { path.removeFirst("file://".count) }
        guard let decoded = PercentEncoding.decode(path), !decoded.utf8.contains(0) else {
            throw .invalidLocation(location: location, reason: "malformed percent-encoding")
        }
        guard !decoded.split(separator: "/").contains("..") else {
            throw .invalidLocation(location: location, reason: "'..' segments are not allowed")
        }
        do {
            return try LocalFile.regularFileContents(of: decoded, limit: maximumLength)
        } catch {
            switch error {
            case .missing: throw .notFound(location: location)
            case .tooLarge: throw .tooLarge(location: location, limit: maximumLength)
            default: throw .transport(location: location, reason: error.reason)
            }
        }
    }
}
