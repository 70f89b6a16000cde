internal import Bitcoin
internal import Ceremony

/// The files a migration ceremony reads that someone else may have written: the UTXO list (`migrate plan
/// --utxos`), the wallet's descriptor file, and the audit log (`audit verify`, and every step that appends to it).
/// The first byte picks which one the rest of the input is.
public enum CeremonyFuzzTargets {
    public static func inputs(_ bytes: [UInt8]) throws(InvariantFailure) {
        guard let selector = bytes.first else { return }
        let rest = Array(bytes.dropFirst())
        switch selector % 3 {
        case 0: try utxoList(rest)
        case 1: try wallet(rest)
        default: try auditLog(rest)
        }
    }

    /// UTXOS.json: a list of distinct outpoints whose values, one by one and together, stay within 21 million BTC.
    static func utxoList(_ bytes: [UInt8]) throws(InvariantFailure) {
        let utxos: [UTXO]
        do {
            utxos = try UTXO.parseList(bytes)
        } catch {
            try TerminalText.requirePrintable([error.description], "UTXO list error")
            return
        }
        try InvariantFailure.require(!utxos.isEmpty, "an empty UTXO list was accepted")
        try InvariantFailure.require(
            Set(utxos.map(\.outpoint)).count == utxos.count, "a UTXO list with a repeated outpoint was accepted")
        var total: Int64 = 0
        for utxo in utxos {
            try InvariantFailure.require(
                (0...TransactionOutput.maximumMoney).contains(utxo.value), "a UTXO value of \(utxo.value) sat")
            total += utxo.value
            try InvariantFailure.require(total <= TransactionOutput.maximumMoney, "UTXO values add up to \(total) sat")
        }
    }

    /// The descriptor file: a supported multisig wallet, or a refusal a person can read. For an accepted wallet the
    /// fast path (each account key replaced by its branch key) derives exactly what the descriptors themselves do.
    static func wallet(_ bytes: [UInt8]) throws(InvariantFailure) {
        let wallet: CeremonyWallet
        do {
            wallet = try CeremonyWallet(text: String(decoding: bytes, as: UTF8.self))
        } catch {
            try TerminalText.requirePrintable([error.description], "wallet error")
            return
        }
        try InvariantFailure.require(
            (1...wallet.cosigners.count).contains(wallet.threshold),
            "threshold \(wallet.threshold) of \(wallet.cosigners.count) cosigners")
        var branches: [(change: Bool, descriptor: Descriptor, multipathIndex: Int)] = [
            (false, wallet.descriptors[0], 0)
        ]
        if wallet.hasChange {
            branches.append(
                wallet.descriptors.count == 2 ? (true, wallet.descriptors[1], 0) : (true, wallet.descriptors[0], 1))
        }
        for branch in branches {
            for index: UInt32 in [0, 1] {
                let fast = Result { () throws(CeremonyError) in
                    try wallet.expansion(index: index, change: branch.change)
                }
                let reference = Result { () throws(DescriptorError) in
                    try branch.descriptor.expand(index: index, multipathIndex: branch.multipathIndex)
                }
                let fastExpansion: DescriptorExpansion
                let referenceExpansion: DescriptorExpansion
                switch (fast, reference) {
                case (.success(let a), .success(let b)):
                    fastExpansion = a
                    referenceExpansion = b
                case (.failure(let error), .failure):
                    try TerminalText.requirePrintable([error.description], "wallet derivation error")
                    continue
                default:
                    throw InvariantFailure(
                        "\(branch.change ? "change" : "receive") index \(index): the wallet and its descriptor disagree "
                            + "on whether the address can be derived")
                }
                try InvariantFailure.require(
                    fastExpansion.scriptPubKey == referenceExpansion.scriptPubKey
                        && fastExpansion.witnessScript == referenceExpansion.witnessScript
                        && fastExpansion.redeemScript == referenceExpansion.redeemScript,
                    "\(branch.change ? "change" : "receive") index \(index): the wallet derives another script than "
                        + "its descriptor")
            }
        }
    }

    /// The audit log: a valid chain's head names its last entry, and the same log cut by one byte is refused.
    static func auditLog(_ bytes: [UInt8]) throws(InvariantFailure) {
        let chain: AuditChain
        do {
            chain = try AuditChain(verifying: bytes)
        } catch {
            try TerminalText.requirePrintable([error.description], "audit log error")
            return
        }
        try InvariantFailure.require(
            chain.entries.count == bytes.count { $0 == 0x0a },
            "\(chain.entries.count) entries from \(bytes.count { $0 == 0x0a }) lines")
        for entry in chain.entries {
            try TerminalText.requirePrintable([entry.summary], "audit entry summary")
        }
        let anchored: AuditChain
        do {
            anchored = try AuditChain(verifying: bytes, expectedHead: chain.head)
        } catch {
            throw InvariantFailure("the log does not verify against its own head: \(error)")
        }
        try InvariantFailure.require(
            anchored.anchoredEntry == chain.entries.count,
            "its own head anchors entry \(anchored.anchoredEntry ?? -1) of \(chain.entries.count)")
        if !bytes.isEmpty {
            let cut: AuditChain?
            do {
                cut = try AuditChain(verifying: Array(bytes.dropLast()))
            } catch {
                cut = nil
            }
            try InvariantFailure.require(cut == nil, "the log without its final newline still verifies")
        }
    }
}
