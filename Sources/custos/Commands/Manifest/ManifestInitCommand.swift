internal import ArgumentParser
internal import ManifestProfile

/// `custos manifest init --root ROOT.json [--store DIR]`: pins a self-signed root as the trust anchor.
struct ManifestInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Pin a TUF root (checked to be signed by its own threshold) as the manifest's trust anchor."
    )

    @Option(name: .long, help: "The root metadata to trust, e.g. 1.root.json from the manifest's custodians.")
    var root: String

    @OptionGroup var storeOption: ManifestStoreOption

    @Flag(name: .long, help: "Replace an existing trusted root (resets rollback protection).")
    var force = false

    func run() throws {
        let store = try storeOption.resolve()
        let bytes = try FileIO.readInput(root, limit: 512_000)
        do {
            let trusted = try store.initialize(trustedRoot: bytes, replacing: force)
            print(
                "Pinned root version \(trusted.common.version) (expires \(trusted.common.expires), "
                    + "\(trusted.root.keyIDs.count) root keys, threshold \(trusted.root.threshold)) in \(store.folder)")
        } catch {
            throw StoredManifestError(folder: store.folder, error: error)
        }
    }
}
