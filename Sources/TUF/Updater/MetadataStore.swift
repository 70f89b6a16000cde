internal import CustosSupport

/// The folder of trusted metadata: one file per role under its plain name (`root.json`, `timestamp.json`,
/// `snapshot.json`, `targets.json`, and delegated roles percent-encoded, so `../x` or `a/b` stay inside the folder).
/// Files hold the exact bytes received and are replaced atomically.
public struct MetadataStore: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public func path(forRole role: String) -> String {
        RepositoryLocation.withTrailingSlash(folder) + PercentEncoding.encodeComponent(role) + ".json"
    }

    /// The stored bytes for `role`, or nil when there is no usable file (missing, unreadable or over the limit:
    /// the update then fetches the role again).
    public func read(role: String, limit: Int) -> [UInt8]? {
        try? LocalFile.regularFileContents(of: path(forRole: role), limit: limit)
    }

    public func write(role: String, bytes: [UInt8]) throws(TUFError) {
        try TUFError.storing { () throws(FileError) in try LocalFile.writeAtomically(bytes, to: path(forRole: role)) }
    }

    /// Stores `bytes` as the trusted root after checking that they are a self-signed root (`init` of a client).
    public func initialize(trustedRoot bytes: [UInt8]) throws(TUFError) -> RootMetadata {
        let trusted = try TrustedMetadataSet(trustedRoot: bytes, expiryCheck: .skipped)
        try TUFError.storing { () throws(FileError) in try LocalFile.makeFolder(folder) }
        try write(role: RootMetadata.roleName, bytes: bytes)
        return trusted.root
    }

    /// Reads a root file (bounded like a root download) and stores it as the trusted root.
    public func initialize(trustedRootFile path: String) throws(TUFError) -> RootMetadata {
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.regularFileContents(of: path, limit: UpdaterConfiguration().rootMaximumLength)
        } catch {
            switch error {
            case .missing: throw .storage("trusted root \(path) does not exist")
            case .tooLarge: throw .storage("trusted root \(path) is larger than a root may be")
            default: throw .storage("cannot read trusted root \(path): \(error.reason)")
            }
        }
        return try initialize(trustedRoot: bytes)
    }
}
