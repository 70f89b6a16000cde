internal import ArgumentParser
internal import Bitcoin
internal import Ceremony
internal import CustosSupport

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// `custos migrate export --descriptor DESC --name NAME --out-dir DIR`
struct MigrateExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write the device registration files: Coldcard's multisig setup file and each cosigner's descriptors.",
        discussion: """
            Writes NAME-coldcard.txt (Coldcard's "Import from File" format, when Coldcard can describe the wallet: \
            sortedmulti in sh, sh(wsh) or wsh with /0/* and /1/*) and NAME-XFP.txt for every cosigner: the \
            descriptors with checksums (multipath, receive and change), the BIP388 wallet policy Ledger registers, \
            the cosigner's key and the first addresses to compare with the device's screen. Files are written \
            atomically; the list is printed.
            """
    )

    @Option(name: .long, help: "The wallet's descriptor, or a file holding it (may be given twice: receive, change).")
    var descriptor: [String] = []

    @Option(name: .long, help: "Wallet name (letters, digits, - and _; Coldcard shows the first 20 characters).")
    var name: String

    @Option(name: .long, help: "Folder to write the files to (created if missing).")
    var outDir: String

    @Option(name: .long, help: "Network for the check addresses (default: main for xpubs, test for tpubs).")
    var network: String?

    func validate() throws {
        guard !descriptor.isEmpty else { throw ValidationError("--descriptor is required") }
        _ = try NetworkChoice.parse(network)
    }

    func run() throws {
        let (wallet, _) = try WalletInput.read(descriptor)
        let chosen = try NetworkChoice.parse(network) ?? (wallet.keyNetwork == .mainnet ? .mainnet : .testnet)
        let (files, notes) = try RegistrationExport.files(
            for: wallet, name: name, network: chosen, tool: "custos \(CustosVersion.number)")
        do {
            _ = try SystemCall.run("mkdir") { mkdir(outDir, 0o755) }
        } catch  where error.isExisting {
            // Written into as it is; each file is replaced atomically.
        } catch {
            throw FileError.cannotCreateFolder(path: outDir, reason: error.reason)
        }
        for file in files {
            let path = outDir.hasSuffix("/") ? outDir + file.name : outDir + "/" + file.name
            try FileIO.writeAtomically(Array(file.contents.utf8), to: path)
            print(path)
        }
        for note in notes { CommandRunner.printError("note: \(note)") }
    }
}
