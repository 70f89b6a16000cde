public import CustosSupport
public import TUF

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
        try makeTargetsFolder()
        return root
    }

    /// Updates the trusted metadata from a repository (an http(s) URL or a folder holding `metadata/` and
    /// `targets/`), loads every delegated role, downloads the migration policy target if the manifest has one, and
    /// returns the resulting manifest.
    public func update(
        from repository: String, referenceTime: UTCTime = SystemClock.now(),
        configuration: UpdaterConfiguration = UpdaterConfiguration()
    ) throws(TUFError) -> TrustedManifest {
        try update(from: repository, referenceTime: referenceTime, configuration: configuration, images: false)
            .manifest
    }

    /// `update(from:)`, then every approved firmware image the store does not hold yet is downloaded into
    /// `targets/` as a TUF target (at most its listed length; length and every hash verified before it is stored),
    /// so `custos devices attest --manifest` can work offline afterwards.
    public func updateDownloadingImages(
        from repository: String, referenceTime: UTCTime = SystemClock.now(),
        configuration: UpdaterConfiguration = UpdaterConfiguration()
    ) throws(TUFError) -> (manifest: TrustedManifest, images: ImageDownloads) {
        try update(from: repository, referenceTime: referenceTime, configuration: configuration, images: true)
    }

    /// Approved images fetched by `updateDownloadingImages`, by target path. A failed image does not undo the
    /// metadata update (already stored) nor stop the other images.
    public struct ImageDownloads: Sendable, Equatable {
        public var downloaded: [String] = []
        public var alreadyStored: [String] = []
        /// "<target path>: <reason>" for each image that could not be downloaded or did not verify.
        public var failed: [String] = []
    }

    private func update(
        from repository: String, referenceTime: UTCTime, configuration: UpdaterConfiguration, images: Bool
    ) throws(TUFError) -> (manifest: TrustedManifest, images: ImageDownloads) {
        let base = RepositoryLocation.base(repository)
        let fetcher: any Fetcher
        do {
            fetcher = try RepositoryLocation.fetcher(for: repository)
        } catch {
            throw .download(error)
        }
        try makeTargetsFolder()
        var updater = try Updater(
            store: metadata, metadataBase: base + "metadata/", targetFolder: targetsFolder,
            targetBase: base + "targets/",
            fetcher: fetcher, configuration: configuration, referenceTime: referenceTime)
        try updater.refresh()
        try updater.loadAllDelegatedRoles()
        if let policy = try updater.targetInfo(for: MigrationPolicy.targetPath), updater.cachedTarget(policy) == nil {
            try updater.downloadTarget(policy)
        }
        let manifest = try TrustedManifest.load(from: self, referenceTime: referenceTime)
        var downloads = ImageDownloads()
        guard images else { return (manifest, downloads) }
        for approval in manifest.approvals {
            do {
                // The same delegation search a download makes, so only what the manifest approves is fetched.
                guard let target = try updater.targetInfo(for: approval.targetPath) else {
                    throw TUFError.targetNotFound(approval.targetPath)
                }
                if updater.cachedTarget(target) != nil {
                    downloads.alreadyStored.append(approval.targetPath)
                } else {
                    try updater.downloadTarget(target)
                    downloads.downloaded.append(approval.targetPath)
                }
            } catch {
                downloads.failed.append("\(approval.targetPath): \(error)")
            }
        }
        return (manifest, downloads)
    }

    private func makeTargetsFolder() throws(TUFError) {
        do {
            try LocalFile.makeFolder(targetsFolder)
        } catch {
            throw .storage(error.description)
        }
    }
}
