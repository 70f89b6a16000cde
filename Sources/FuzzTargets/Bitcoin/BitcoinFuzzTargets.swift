internal import Bitcoin

/// Transactions and output descriptors (issue 3): what a PSBT carries and what a migration policy names.
public enum BitcoinFuzzTargets {
    /// `Transaction(serialized:)` with and without the segwit marker recognised (BIP144; a PSBTv0's unsigned
    /// transaction is read without it). An accepted transaction re-encodes byte for byte, and its txid is the
    /// double SHA-256 of its legacy serialization. `TransactionDifferentialTests` compares the corpus with Bitcoin
    /// Core's own deserializer (libbitcoinkernel).
    public static func transaction(_ bytes: [UInt8]) throws(InvariantFailure) {
        for allowWitness in [true, false] {
            let transaction: Transaction
            do {
                transaction = try Transaction(serialized: bytes, allowWitness: allowWitness)
            } catch {
                try TerminalText.requirePrintable([error.description], "transaction decoding error")
                continue
            }
            try InvariantFailure.require(
                transaction.serialized(includingWitness: allowWitness) == bytes,
                "an accepted transaction (witness \(allowWitness)) re-encodes differently")
            try InvariantFailure.require(
                transaction.serializedCount(includingWitness: allowWitness) == bytes.count,
                "serializedCount \(transaction.serializedCount(includingWitness: allowWitness)) for \(bytes.count) bytes"
            )
            try InvariantFailure.require(
                transaction.weight >= 4 * transaction.serialized(includingWitness: false).count, "weight below 4 × size"
            )
        }
    }

    /// `Descriptor(_:)` on any text. An accepted descriptor written out with its checksum reads back as the same
    /// descriptor, even when a checksum is required; its checksum is what `DescriptorChecksum` computes; expanding
    /// it ends in scripts or a typed error; errors are printable.
    public static func descriptor(_ bytes: [UInt8]) throws(InvariantFailure) {
        let text = String(decoding: bytes, as: UTF8.self)
        let descriptor: Descriptor
        do {
            descriptor = try Descriptor(text)
        } catch {
            try TerminalText.requirePrintable([error.description], "descriptor error")
            return
        }
        let written = descriptor.description
        let reread: Descriptor
        do {
            reread = try Descriptor(written, requireChecksum: true)
        } catch {
            throw InvariantFailure("\(written) does not read back: \(error)")
        }
        try InvariantFailure.require(reread.text == descriptor.text, "\(written) reads back as \(reread.text)")
        try InvariantFailure.require(
            reread.multipathCount == descriptor.multipathCount && reread.isRanged == descriptor.isRanged,
            "\(written) reads back with another shape")
        for branch in 0..<min(descriptor.multipathCount, 4) {
            for index: UInt32 in [0, 1, 0x7fff_ffff] {
                do {
                    _ = try descriptor.expand(index: index, multipathIndex: branch)
                } catch {
                    try TerminalText.requirePrintable([error.description], "descriptor expansion error")
                }
            }
        }
    }
}
