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
    /// A verified combination: the PSBT, the report of its verification (reusable by later checks), and what the
    /// caller must be told (verified partial signatures superseded by another copy's final scripts).
    public struct Outcome: Sendable {
        public let psbt: PSBT
        public let report: SignatureReport
        public let notices: [String]
    }

    public static func combine(_ sources: [NamedPSBT]) throws(PSBTRoleError) -> PSBT {
        var combined = try merge(sources)
        for index in combined.inputs.indices where combined.inputs[index].isFinalized {
            combined.inputs[index].keepOnlyFinalScripts()
        }
        return combined
    }

    /// Every record of every source in one PSBT, finalized inputs still holding the partial signatures and scripts
    /// other copies brought (so they can be verified before they are dropped).
    private static func merge(_ sources: [NamedPSBT]) throws(PSBTRoleError) -> PSBT {
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
        try checkFinalScriptsAgree(sources)
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
        return combined
    }

    /// Partial signatures of every kind (ECDSA, taproot script and key path, MuSig2).
    private static let signatureTypes: Set<UInt64> = [
        PSBTKeyType.Input.partialSignature, PSBTKeyType.Input.tapScriptSignature, PSBTKeyType.Input.tapKeySignature,
        PSBTKeyType.Input.musig2PartialSignature,
    ]

    /// Two copies that finalize one input must finalize it identically (scriptSig and witness together).
    private static func checkFinalScriptsAgree(_ sources: [NamedPSBT]) throws(PSBTRoleError) {
        guard let first = sources.first else { return }
        for index in first.psbt.inputs.indices {
            let finalizing = sources.filter { $0.psbt.inputs[index].isFinalized }
            guard let reference = finalizing.first?.psbt.inputs[index] else { continue }
            let differs = finalizing.contains {
                let input = $0.psbt.inputs[index]
                return input.finalScriptSig != reference.finalScriptSig
                    || input.finalScriptWitness != reference.finalScriptWitness
            }
            if differs { throw .conflictingFinalScripts(inputIndex: index, sources: finalizing.map(\.name)) }
        }
    }

    /// Combines `sources` and checks every partial signature and every finalized input, as `custos psbt combine`
    /// does. Anything that does not pass is refused with the names of the files that carry it. An input finalized
    /// in one copy and partially signed in another: both are verified; the final scripts are kept and each
    /// verified partial signature they supersede is listed in the outcome's notices. `knownKeys`: the keys the
    /// `PSBTDecoder` that read the sources has parsed.
    public static func combineVerified(
        _ sources: [NamedPSBT], verifier: PartialSignatureVerifier, knownKeys: ParsedPublicKeys = ParsedPublicKeys()
    ) throws(PSBTRoleError) -> Outcome {
        var combined = try merge(sources)
        let report = try verifier.verify(combined, knownKeys: knownKeys)
        let failures = report.failures.map { failure -> SignatureFailure in
            var named = failure
            named.source = sourceNames(for: failure, in: sources)
            return named
        }
        try SignatureReport.require(noFailures: failures)
        var notices: [String] = []
        var inputs = report.inputs
        for index in combined.inputs.indices where combined.inputs[index].isFinalized {
            let superseded = report.inputs[index].valid
            if !superseded.isEmpty {
                let finalizedIn = sources.filter { $0.psbt.inputs[index].isFinalized }.map(\.name)
                let keys = superseded.map { $0.publicKey.hexString }
                let carriers = sources.filter { source in
                    !source.psbt.inputs[index].isFinalized
                        && superseded.contains { signature in
                            source.psbt.inputs[index].map.records.contains {
                                $0.value.elementsEqual(signature.signature)
                            }
                        }
                }.map(\.name)
                notices.append(
                    "input \(index): finalized in \(finalizedIn.joined(separator: ", ")), whose final scripts were "
                        + "verified and are kept; the valid partial signatures of \(carriers.joined(separator: ", ")) "
                        + "(keys \(keys.joined(separator: ", "))) are superseded and not copied")
            } else if let problem = report.inputs[index].spendProblem,
                combined.inputs[index].map.records.contains(where: { signatureTypes.contains($0.type) })
            {
                notices.append(
                    "input \(index): finalized in another copy; partial signatures that could not be checked "
                        + "(\(problem)) are not copied")
            }
            combined.inputs[index].keepOnlyFinalScripts()
            inputs[index] = inputs[index].withoutPartialSignatures()
        }
        return Outcome(psbt: combined, report: SignatureReport(inputs: inputs), notices: notices)
    }

    /// Which files carry the signature or final scripts a failure is about ("a.psbt, b.psbt"), nil when none does.
    public static func sourceNames(for failure: SignatureFailure, in sources: [NamedPSBT]) -> String? {
        if failure.reason.concernsFinalScripts {
            let names = sources.filter {
                failure.inputIndex < $0.psbt.inputs.count && $0.psbt.inputs[failure.inputIndex].isFinalized
            }.map(\.name)
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        if failure.reason.isUnsupported {
            let names = Self.sources(
                of: [], type: PSBTKeyType.Input.musig2PartialSignature, inputIndex: failure.inputIndex, in: sources)
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        guard let key = [UInt8](hex: failure.publicKey), !key.isEmpty else {
            let names = Self.sources(
                of: [], type: PSBTKeyType.Input.tapKeySignature, inputIndex: failure.inputIndex, in: sources)
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
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
