internal import Bitcoin
internal import CustosCrypto

/// A PSBT with the name it is reported under (a file path, "cosigner B", ...).
public struct NamedPSBT: Sendable {
    public let name: String
    public let psbt: PSBT

    public init(name: String, psbt: PSBT) {
        self.name = name
        self.psbt = psbt
    }
}

/// The BIP174/370 combiner, stricter than Bitcoin Core's: every file must describe the same transaction in the same
/// PSBT version, and two files may not give different values for one key (Core keeps the first silently).
public enum PSBTCombiner {
    public static func combine(_ sources: [NamedPSBT]) throws(PSBTRoleError) -> PSBT {
        guard let first = sources.first else { throw .nothingToCombine }
        let expectedID = try first.psbt.uniqueID()
        for source in sources.dropFirst() {
            guard source.psbt.version == first.psbt.version else {
                throw .versionMismatch(source: source.name, expected: first.psbt.version, found: source.psbt.version)
            }
            let id = try source.psbt.uniqueID()
            guard id == expectedID, source.psbt.inputs.count == first.psbt.inputs.count,
                source.psbt.outputs.count == first.psbt.outputs.count
            else { throw .differentTransaction(source: source.name, expected: expectedID, found: id) }
        }
        var combined = first.psbt
        for source in sources.dropFirst() {
            let other = source.psbt
            for record in other.global.map.records {
                if record.type == PSBTKeyType.Global.transactionModifiable {
                    combined.global.setModifiable(mergedModifiable(combined.global.transactionModifiable, record))
                    continue
                }
                if let existing = combined.global.map.record(forKey: record.key) {
                    guard existing.value == record.value else {
                        throw conflict(source.name, .global, record)
                    }
                    continue
                }
                combined.global.merge(record)
            }
            for index in other.inputs.indices {
                for record in other.inputs[index].map.records {
                    if let existing = combined.inputs[index].map.record(forKey: record.key) {
                        guard existing.value == record.value || sameTransaction(existing, record) else {
                            throw conflict(source.name, .input(index), record)
                        }
                        continue
                    }
                    combined.inputs[index].merge(record)
                }
            }
            for index in other.outputs.indices {
                for record in other.outputs[index].map.records {
                    if let existing = combined.outputs[index].map.record(forKey: record.key) {
                        guard existing.value == record.value else {
                            throw conflict(source.name, .output(index), record)
                        }
                        continue
                    }
                    combined.outputs[index].merge(record)
                }
            }
        }
        // An input finalized in any copy keeps only its final form.
        for index in combined.inputs.indices where combined.inputs[index].isFinalized {
            combined.inputs[index].finalize(
                scriptSig: combined.inputs[index].finalScriptSig, witness: combined.inputs[index].finalScriptWitness)
        }
        return combined
    }

    /// Combines `sources` and checks every partial signature of the result, as `custos psbt combine` does. A
    /// signature that does not pass is refused with the names of the files that carry it. `knownKeys`: the keys the
    /// `PSBTDecoder` that read the sources has parsed.
    public static func combineVerified(
        _ sources: [NamedPSBT], verifier: PartialSignatureVerifier, knownKeys: ParsedPublicKeys = ParsedPublicKeys()
    ) throws(PSBTRoleError) -> (psbt: PSBT, report: SignatureReport) {
        let combined = try combine(sources)
        let report = try verifier.verify(combined, knownKeys: knownKeys)
        let failures = report.failures.map { failure -> SignatureFailure in
            var named = failure
            named.source = sourceNames(for: failure, in: sources)
            return named
        }
        guard failures.isEmpty else { throw .invalidSignatures(failures) }
        return (combined, report)
    }

    /// Which files carry the signature a failure is about ("a.psbt, b.psbt"), nil when none does.
    public static func sourceNames(for failure: SignatureFailure, in sources: [NamedPSBT]) -> String? {
        guard let key = [UInt8](hex: failure.publicKey), !key.isEmpty else { return nil }
        var names: [String] = []
        for type in [PSBTKeyType.Input.partialSignature, PSBTKeyType.Input.tapScriptSignature] {
            names += Self.sources(of: key, type: type, inputIndex: failure.inputIndex, in: sources)
        }
        if names.isEmpty {
            names = Self.sources(
                of: [], type: PSBTKeyType.Input.tapKeySignature, inputIndex: failure.inputIndex, in: sources)
        }
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    /// The names of the sources that carry `record` in input `index` (to say which file a bad signature came from).
    public static func sources(of keyBytes: [UInt8], type: UInt64, inputIndex: Int, in sources: [NamedPSBT]) -> [String]
    {
        sources.filter { source in
            guard inputIndex < source.psbt.inputs.count else { return false }
            return source.psbt.inputs[inputIndex].map.records.contains {
                $0.type == type && $0.keyData.starts(with: keyBytes)
            }
        }.map(\.name)
    }

    /// PSBT_GLOBAL_TX_MODIFIABLE: inputs/outputs-modifiable bits are ANDed, SIGHASH_SINGLE is ORed (BIP370).
    private static func mergedModifiable(_ current: UInt8?, _ record: PSBTRecord) -> UInt8? {
        guard let incoming = record.value.first else { return current }
        guard let current else { return incoming }
        return (current & incoming) | ((current | incoming) & 0x04)
    }

    /// Two non-witness UTXO encodings of one transaction (with and without witness data) are not a conflict.
    private static func sameTransaction(_ first: PSBTRecord, _ second: PSBTRecord) -> Bool {
        guard first.type == PSBTKeyType.Input.nonWitnessUTXO,
            let one = try? Transaction(serialized: first.value), let other = try? Transaction(serialized: second.value)
        else { return false }
        return one.txid == other.txid
    }

    private static func conflict(_ source: String, _ location: PSBTLocation, _ record: PSBTRecord) -> PSBTRoleError {
        .conflictingValue(source: source, location: location, key: Array(record.key).hexString)
    }
}
