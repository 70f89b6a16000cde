/// Where `custos manifest` keeps the trusted manifest: `<folder>/metadata/` (TUF metadata, exact bytes) and
/// `<folder>/targets/` (downloaded target files such as the migration policy, percent-encoded names).
///
/// Default folder: `$CUSTOS_MANIFEST_DIR`, else `$XDG_DATA_HOME/custos/manifest`, else
/// `$HOME/.local/share/custos/manifest`.
public struct ManifestStore: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public var metadataFolder: String { RepositoryLocation.withTrailingSlash(folder) + "metadata" }
    public var targetsFolder: String { RepositoryLocation.withTrailingSlash(folder) + "targets" }
    public var metadata: MetadataStore { MetadataStore(folder: metadataFolder) }

    /// The default store from the environment (see the type's documentation), or nil if none can be derived.
    public static func defaultFolder(environment: [String: String]) -> String? {
        if let explicit = environment["CUSTOS_MANIFEST_DIR"], !explicit.isEmpty { return explicit }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/custos/manifest" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/share/custos/manifest" }
        return nil
    }

    /// Whether a trusted root is present.
    public var isInitialized: Bool {
        LocalFile.exists(metadata.path(forRole: RootMetadata.roleName))
    }

    /// Pins `rootBytes` (a self-signed root) as the trust anchor. Refuses to replace an existing root unless
    /// `replacing`, since that would reset rollback protection.
    public func initialize(trustedRoot rootBytes: [UInt8], replacing: Bool = false) throws(TUFError) -> RootMetadata {
        if isInitialized && !replacing {
            throw .storage("\(folder) already holds a trusted root; replacing it resets rollback protection")
        }
        let root = try metadata.initialize(trustedRoot: rootBytes)
        if replacing {
            // Metadata trusted under the old root must not survive the new anchor.
            for role in [TimestampMetadata.roleName, SnapshotMetadata.roleName, TargetsMetadata.typeName] {
                LocalFile.remove(metadata.path(forRole: role))
            }
        }
        try LocalFile.makeFolder(targetsFolder)
        return root
    }

    /// Updates the trusted metadata from a repository (an http(s) URL or a folder holding `metadata/` and
    /// `targets/`), loads every delegated role, downloads the migration policy target if the manifest has one, and
    /// returns the resulting manifest.
    public func update(
        from repository: String, referenceTime: TUFTime = SystemClock.now(),
        configuration: UpdaterConfiguration = UpdaterConfiguration()
    ) throws(TUFError) -> TrustedManifest {
        let base = RepositoryLocation.base(repository)
        let fetcher: any Fetcher
        do {
            fetcher = try RepositoryLocation.fetcher(for: repository)
        } catch {
            throw .download(error)
        }
        try LocalFile.makeFolder(targetsFolder)
        var updater = try Updater(
            store: metadata, metadataBase: base + "metadata/", targetFolder: targetsFolder,
            targetBase: base + "targets/",
            fetcher: fetcher, configuration: configuration, referenceTime: referenceTime)
        try updater.refresh()
        try updater.loadAllDelegatedRoles()
        if let policy = try updater.targetInfo(for: MigrationPolicy.targetPath), updater.cachedTarget(policy) == nil {
            try updater.downloadTarget(policy)
        }
        return try TrustedManifest.load(from: self, referenceTime: referenceTime)
    }
}
