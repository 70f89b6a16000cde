internal import ArgumentParser
internal import Manifest

/// `custos manifest update --from URL|DIR [--store DIR]`: the TUF client workflow against a repository.
struct ManifestUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract:
            "Update the trusted manifest from a TUF repository (http(s) URL or a folder with metadata/, targets/)."
    )

    @Option(name: .long, help: "Repository base: an http(s) URL or a local folder holding metadata/ and targets/.")
    var from: String

    @OptionGroup var storeOption: ManifestStoreOption

    func run() throws {
        let store = try storeOption.resolve()
        guard store.isInitialized else {
            throw CommandFailure.unparsable(
                "no trusted root in \(store.folder); run `custos manifest init --root` first")
        }
        do {
            let manifest = try store.update(from: from)
            let versions = manifest.roles.map { "\($0.name) v\($0.version)" }.joined(separator: ", ")
            print("Updated \(store.folder): \(versions)")
            print(
                "\(manifest.approvals.count) firmware approvals, migration policy: \(manifest.policy == nil ? "none" : "yes")"
            )
            for problem in manifest.problems { print("problem: \(problem)") }
        } catch {
            throw ManifestFailure(error)
        }
    }
}
