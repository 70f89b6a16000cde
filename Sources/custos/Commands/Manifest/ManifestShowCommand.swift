internal import ArgumentParser
internal import ManifestProfile

/// `custos manifest show [--json] [--store DIR]`: the trusted manifest, verified offline.
struct ManifestShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show approved firmware per model, the migration policy and the expiry of every role."
    )

    @Flag(name: .long, help: "Print one JSON document instead of text.")
    var json = false

    @OptionGroup var storeOption: ManifestStoreOption

    func run() throws {
        let store = try storeOption.resolve()
        let manifest = try TrustedManifest.loadStored(from: store)
        ReportOutput.print(
            json ? ManifestReport.json(manifest, store: store) : ManifestReport.text(manifest, store: store))
    }
}
