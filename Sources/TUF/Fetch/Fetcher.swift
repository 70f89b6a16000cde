/// Downloads one file with a hard byte limit. Implementations: `HTTPFetcher` (http:// and https:// through libcurl)
/// and `DirectoryFetcher` (a plain folder, for air-gapped labs).
public protocol Fetcher {
    /// Returns the whole file, or throws once it would exceed `maximumLength` bytes (never reading far past it).
    func fetch(_ location: String, maximumLength: Int) throws(FetchError) -> [UInt8]
}

/// Why a download failed.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// HTTP 403 or 404, or a missing file: for root this ends the rotation walk.
    case notFound(location: String)
    /// Any other HTTP status outside 2xx.
    case httpStatus(Int, location: String)
    /// The file is longer than the limit (endless-data defence).
    case tooLarge(location: String, limit: Int)
    /// Connection, TLS, timeout or read errors.
    case transport(location: String, reason: String)
    /// A location this fetcher cannot handle (wrong scheme, `..` segments).
    case invalidLocation(location: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let location): return "\(location) was not found"
        case .httpStatus(let status, let location): return "\(location) answered HTTP \(status)"
        case .tooLarge(let location, let limit): return "\(location) is larger than the \(limit)-byte limit"
        case .transport(let location, let reason): return "cannot download \(location): \(reason)"
        case .invalidLocation(let location, let reason): return "invalid location \(location): \(reason)"
        }
    }
}

/// Chooses the fetcher for a repository location: HTTP(S) URLs through libcurl, anything else (a path or
/// `file://` URL) as a local folder.
public enum RepositoryLocation {
    public static func isRemote(_ location: String) -> Bool {
        location.hasPrefix("http://") || location.hasPrefix("https://")
    }

    public static func fetcher(for location: String) throws(FetchError) -> any Fetcher {
        isRemote(location) ? try HTTPFetcher() : DirectoryFetcher()
    }

    /// A base location with exactly one trailing `/`, so relative names can be appended by concatenation (URLs
    /// already hold percent-encoded segments that must not be encoded again).
    public static func withTrailingSlash(_ location: String) -> String {
        location.hasSuffix("/") ? location : location + "/"
    }

    /// The base to append percent-encoded names to: URLs as given, a plain folder path percent-encoded like a URL
    /// path (the directory fetcher decodes whole locations, so a `%` in a folder name survives).
    public static func base(_ location: String) -> String {
        if isRemote(location) || location.hasPrefix("file://") { return withTrailingSlash(location) }
        return withTrailingSlash(PercentEncoding.encodePath(location))
    }
}
