internal import Bitcoin

/// Coldcard's multisig setup file (the `.txt` its "Import from File" reads, and Sparrow, Specter and Caravan
/// export): `Name`, `Policy: M of N`, `Format`, then `Derivation:` and `XFP: xpub` lines. Coldcard builds the
/// scripts itself from these keys, always BIP67-sorted, deriving `xpub/0/i` (receive) and `xpub/1/i` (change), so
/// only `sortedmulti` wallets in sh, sh(wsh) or wsh with those steps can be described; the account key's depth must
/// equal its derivation's length, and fingerprints must be distinct (Coldcard checks both).
public enum ColdcardSetupFile {
    /// Coldcard's limits: names of 1 to 20 ASCII characters, at most 15 cosigners.
    public static let maximumNameLength = 20
    public static let maximumCosigners = 15

    public static func render(wallet: CeremonyWallet, name: String, tool: String) throws(CeremonyError) -> String {
        let format: String
        switch wallet.kind {
        case .p2sh: format = "P2SH"
        case .p2shP2wsh: format = "P2SH-P2WSH"
        case .p2wsh: format = "P2WSH"
        case .taproot:
            throw .unsupported("Coldcard's multisig setup file cannot describe a taproot multi_a wallet")
        }
        guard wallet.isSorted else {
            throw .unsupported(
                "Coldcard sorts keys (BIP67); a multi() wallet with fixed key order cannot be registered")
        }
        guard (1...maximumNameLength).contains(name.utf8.count),
            name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }), !name.hasPrefix(" "), !name.contains("#")
        else {
            throw .refused("a Coldcard wallet name is 1 to \(maximumNameLength) printable ASCII characters without #")
        }
        guard wallet.cosigners.count <= maximumCosigners else {
            throw .unsupported("Coldcard co-signs with at most \(maximumCosigners) keys")
        }
        guard Set(wallet.cosigners.map(\.fingerprint)).count == wallet.cosigners.count else {
            throw .unsupported("two cosigners share a fingerprint, which Coldcard does not support")
        }
        var lines = [
            "# Coldcard Multisig setup file (exported by \(tool))",
            "# \(wallet.primaryDescriptor)",
            "#",
            "Name: \(name)",
            "Policy: \(wallet.threshold) of \(wallet.cosigners.count)",
            "Format: \(format)",
        ]
        var lastDerivation: String?
        for cosigner in wallet.cosigners {
            guard cosigner.receiveSteps == [0], cosigner.changeSteps == nil || cosigner.changeSteps == [1] else {
                throw .unsupported(
                    "cosigner \(cosigner.fingerprint) derives \(cosigner.receiveSteps) after the xpub; Coldcard derives "
                        + "/0/* for receive and /1/* for change")
            }
            guard Int(cosigner.accountKey.depth) == cosigner.accountPath.components.count else {
                throw .unsupported(
                    "cosigner \(cosigner.fingerprint): the xpub's depth (\(cosigner.accountKey.depth)) differs from "
                        + "its derivation's length (\(cosigner.accountPath.components.count)); Coldcard refuses that")
            }
            let derivation = coldcardPath(cosigner.accountPath)
            if derivation != lastDerivation {
                lines += ["", "Derivation: \(derivation)", ""]
                lastDerivation = derivation
            }
            lines.append("\(cosigner.fingerprint.description.uppercased()): \(cosigner.accountKey.encoded)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "m/48'/0'/0'/2'": Coldcard writes hardened steps with an apostrophe.
    static func coldcardPath(_ path: DerivationPath) -> String {
        (["m"]
            + path.components.map { index in
                DerivationPath.isHardened(index) ? "\(index - DerivationPath.hardenedOffset)'" : "\(index)"
            }).joined(separator: "/")
    }
}
