public import Bitcoin
internal import CustosCrypto

/// What each cosigner needs to register the wallet on a device before signing (`custos migrate export`): the
/// Coldcard setup file when Coldcard can describe the wallet, and for every cosigner a text file with the
/// descriptors (multipath, receive and change, each with its checksum), the BIP388 wallet policy Ledger registers,
/// the cosigner's own key, and the first addresses to compare with the device's screen.
public enum RegistrationExport {
    public struct File: Sendable, Equatable {
        public let name: String
        public let contents: String
    }

    /// The files, and notes on what could not be produced (and why).
    public static func files(
        for wallet: CeremonyWallet, name: String, network: Network, tool: String
    ) throws(CeremonyError) -> (files: [File], notes: [String]) {
        guard wallet.isCompatible(with: network) else {
            throw .refused("the wallet's keys are not \(network.rawValue) keys")
        }
        guard !name.isEmpty, name.utf8.allSatisfy({ Self.isFileNameCharacter($0) }) else {
            throw .refused("the wallet name must be letters, digits, '-' or '_' (it becomes part of file names)")
        }
        var files: [File] = []
        var notes: [String] = []
        do {
            let coldcard = try ColdcardSetupFile.render(
                wallet: wallet, name: String(name.prefix(ColdcardSetupFile.maximumNameLength)), tool: tool)
            files.append(File(name: "\(name)-coldcard.txt", contents: coldcard))
        } catch {
            notes.append("no Coldcard setup file: \(error)")
        }
        let common = try descriptorSection(wallet: wallet, network: network)
        for cosigner in wallet.cosigners {
            let fingerprint = cosigner.fingerprint.description
            let origin = "[\(KeyOrigin(fingerprint: cosigner.fingerprint, path: cosigner.accountPath))]"
            let lines = [
                "# Wallet \(name): registration for cosigner \(fingerprint) (exported by \(tool))",
                "# Register the descriptor (or the wallet policy) on your device, then check that the device shows",
                "# the same first addresses before you sign anything for this wallet.",
                "",
                "cosigner: \(fingerprint)",
                "your key: \(origin)\(cosigner.accountKey.encoded)",
            ]
            files.append(
                File(name: "\(name)-\(fingerprint).txt", contents: (lines + common).joined(separator: "\n") + "\n"))
        }
        return (files, notes)
    }

    private static func descriptorSection(wallet: CeremonyWallet, network: Network) throws(CeremonyError) -> [String] {
        let primary = wallet.primaryDescriptor
        var lines = [
            "policy: \(wallet.threshold) of \(wallet.cosigners.count), \(wallet.shape)",
            "",
            "descriptor: \(primary)",
        ]
        if wallet.descriptors.count == 2 {
            lines.append("change descriptor: \(wallet.descriptors[1])")
        } else if primary.multipathCount == 2 {
            // For software and devices without BIP389 multipath support.
            for (label, branch) in [("receive descriptor", 0), ("change descriptor", 1)] {
                let text = primary.singlePathText(branch)
                lines.append("\(label): \(text)#\(DescriptorChecksum.compute(text) ?? "")")
            }
        }
        if let policy = walletPolicy(wallet) {
            lines +=
                ["", "wallet policy (BIP388, Ledger): \(policy.template)"]
                + policy.keys.enumerated().map {
                    "  @\($0.offset): \($0.element)"
                }
        }
        lines.append("")
        for (label, change) in [("receive", false), ("change", true)] where !change || wallet.hasChange {
            for index: UInt32 in 0..<2 {
                let script = try wallet.expansion(index: index, change: change).scriptPubKey
                let address = (try? Address(scriptPubKey: script, network: network))?.description ?? script.description
                lines.append("\(label) address \(index): \(address)")
            }
        }
        return lines
    }

    /// BIP388's template and key list, when every key follows `/<0;1>/*` (written `/**`) and the wallet is not
    /// taproot (a NUMS internal key has no BIP388 form).
    static func walletPolicy(_ wallet: CeremonyWallet) -> (template: String, keys: [String])? {
        guard wallet.kind != .taproot,
            wallet.cosigners.allSatisfy({ $0.receiveSteps == [0] && $0.changeSteps == [1] })
        else { return nil }
        let placeholders = wallet.cosigners.indices.map { "@\($0)/**" }.joined(separator: ",")
        let multi = "\(wallet.isSorted ? "sortedmulti" : "multi")(\(wallet.threshold),\(placeholders))"
        let template: String
        switch wallet.kind {
        case .p2sh: template = "sh(\(multi))"
        case .p2shP2wsh: template = "sh(wsh(\(multi)))"
        case .p2wsh: template = "wsh(\(multi))"
        case .taproot: return nil
        }
        let keys = wallet.cosigners.map { cosigner in
            let steps = ColdcardSetupFile.coldcardPath(cosigner.accountPath).dropFirst(1)  // "/48'/0'/0'/2'" or ""
            return "[\(cosigner.fingerprint)\(steps)]" + cosigner.accountKey.encoded
        }
        return (template, keys)
    }

    private static func isFileNameCharacter(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte) || byte == 0x2d
            || byte == 0x5f
    }
}
