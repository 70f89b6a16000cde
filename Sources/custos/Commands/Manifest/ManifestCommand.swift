internal import ArgumentParser
internal import ManifestProfile
internal import TUF

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// `custos manifest`: the pinned TUF manifest of approved firmware and the migration policy.
struct ManifestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Pin, update and show the TUF manifest of approved firmware and the migration policy.",
        discussion: """
            The manifest is real TUF metadata (python-tuf, go-tuf or tuf-on-ci can produce it). The store folder \
            holds metadata/ and targets/; default: $CUSTOS_MANIFEST_DIR, else $XDG_DATA_HOME/custos/manifest, \
            else ~/.local/share/custos/manifest.
            """,
        subcommands: [ManifestInitCommand.self, ManifestUpdateCommand.self, ManifestShowCommand.self]
    )
}

/// The `--store` option shared by the manifest subcommands.
struct ManifestStoreOption: ParsableArguments {
    @Option(name: .long, help: "Manifest store folder (default: see `custos manifest --help`).")
    var store: String?

    func resolve() throws -> ManifestStore {
        if let store { return ManifestStore(folder: store) }
        var environment: [String: String] = [:]
        for name in ["CUSTOS_MANIFEST_DIR", "XDG_DATA_HOME", "HOME"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        guard let folder = ManifestStore.defaultFolder(environment: environment) else {
            throw ValidationError("no --store given and neither CUSTOS_MANIFEST_DIR, XDG_DATA_HOME nor HOME is set")
        }
        return ManifestStore(folder: folder)
    }
}
