internal import ArgumentParser
internal import ManifestProfile

/// `custos manifest update --from URL|DIR [--store DIR]`: the TUF client workflow against a repository.
struct ManifestUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract:
            "Update the trusted manifest from a TUF repository (http(s) URL or a folder with metadata/, targets/)."
    )

    @Option(name: .long, help: "Repository base: an http(s) URL or a local folder holding metadata/ and targets/.")
    var from: String

    @Flag(
        name: .long,
        help: "Also download every approved firmware image (TUF targets, length and hashes checked) into the store.")
    var images = false

    @OptionGroup var storeOption: ManifestStoreOption

    func run() throws {
        let store = try storeOption.resolve()
        guard store.isInitialized else {
            throw StoredManifestError(
                folder: store.folder, error: .missing("no trusted root in \(store.folder)"), uninitialized: true)
        }
        let manifest: TrustedManifest
        var downloads: ManifestStore.ImageDownloads?
        if images {
            (manifest, downloads) = try store.updateDownloadingImages(from: from)
        } else {
            manifest = try store.update(from: from)
        }
        let versions = manifest.roles.map { "\($0.name) v\($0.version)" }.joined(separator: ", ")
        print("Updated \(store.folder): \(versions)")
        print(
            "\(manifest.approvals.count) firmware approvals, migration policy: \(manifest.policy == nil ? "none" : "yes")"
        )
        if let downloads {
            print(
                "approved images: \(downloads.downloaded.count) downloaded, \(downloads.alreadyStored.count) "
                    + "already stored, \(downloads.failed.count) failed, in \(store.targetsFolder)")
        }
        for problem in manifest.problems { print("problem: \(problem)") }
        if let failed = downloads?.failed, !failed.isEmpty {
            throw ReportedFailure(
                DeviceApprovalVerdict.Codes.imagesFailed,
                "the metadata is updated, but approved images could not be downloaded: "
                    + failed.joined(separator: "; "))
        }
    }
}
