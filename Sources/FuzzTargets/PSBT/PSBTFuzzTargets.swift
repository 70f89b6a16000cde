internal import Bitcoin
internal import BitcoinPSBT

/// PSBTs from cosigners (issue 3): decoding with every role a coordinator runs on what it decoded, and combining.
public enum PSBTFuzzTargets {
    /// `PSBTDecoder.decode(detecting:)` on binary or base64 input. An accepted binary PSBT re-encodes byte for
    /// byte; its re-encoding decodes to the same PSBT; v0 → v2 → v0 gives back the same records, as the
    /// converter promises; inspection, signature verification, finalizing and extraction end in a value or a typed error;
    /// an extracted transaction survives its own round trip.
    public static func decode(_ bytes: [UInt8]) throws(InvariantFailure) {
        var decoder = PSBTDecoder()
        let psbt: PSBT
        do {
            psbt = try decoder.decode(detecting: bytes)
        } catch {
            try TerminalText.requirePrintable([error.description], "PSBT decoding error")
            return
        }
        let serialized = psbt.serialized()
        if bytes.starts(with: PSBT.magic) {
            try InvariantFailure.require(serialized == bytes, "an accepted PSBT re-encodes differently")
        }
        try InvariantFailure.require(
            (try? PSBT(serialized: serialized)) == psbt, "the re-encoded PSBT decodes to another PSBT")
        try checkConversion(psbt)
        try checkRoles(psbt)
    }

    /// `PSBTCombiner.combine` on two PSBTs cut from the input (a big-endian u16 gives the first one's length). When
    /// both decode: combining is symmetric up to record order, combining a PSBT with itself changes nothing, and
    /// the combination keeps every record of both (or refuses with a typed error).
    public static func combine(_ bytes: [UInt8]) throws(InvariantFailure) {
        guard bytes.count >= 2 else { return }
        let split = min(Int(bytes[0]) << 8 | Int(bytes[1]), bytes.count - 2)
        let parts = [Array(bytes[2..<(2 + split)]), Array(bytes[(2 + split)...])]
        var decoder = PSBTDecoder()
        guard let first = try? decoder.decode(detecting: parts[0]),
            let second = try? decoder.decode(detecting: parts[1])
        else { return }
        let a = NamedPSBT(name: "a", psbt: first)
        let b = NamedPSBT(name: "b", psbt: second)
        if let same = try? PSBTCombiner.combine([a, a]) {
            try InvariantFailure.require(
                Self.records(same) == Self.records(first), "combining a PSBT with itself changed it")
        }
        let forward = Result { () throws(PSBTRoleError) in try PSBTCombiner.combine([a, b]) }
        let backward = Result { () throws(PSBTRoleError) in try PSBTCombiner.combine([b, a]) }
        switch (forward, backward) {
        case (.success(let ab), .success(let ba)):
            try InvariantFailure.require(
                Self.records(ab) == Self.records(ba), "combine(a, b) and combine(b, a) hold different records")
            try InvariantFailure.require(
                (try? PSBT(serialized: ab.serialized())) == ab, "a combined PSBT does not survive its round trip")
        case (.failure(let error), .failure):
            try TerminalText.requirePrintable([error.description], "combine error")
        case (.success, .failure(let error)), (.failure(let error), .success):
            throw InvariantFailure("combine succeeds in one order and fails in the other: \(error)")
        }
    }

    /// Version 0 → 2 → 0 gives back the same records; either way the transaction survives.
    private static func checkConversion(_ psbt: PSBT) throws(InvariantFailure) {
        let other: UInt32 = psbt.version == 0 ? 2 : 0
        guard let converted = try? PSBTVersionConverter.convert(psbt, to: other) else { return }
        try InvariantFailure.require(converted.version == other, "conversion to v\(other) gave v\(converted.version)")
        guard let back = try? PSBTVersionConverter.convert(converted, to: psbt.version) else {
            throw InvariantFailure("v\(psbt.version) → v\(other) converts, but not back")
        }
        if psbt.version == 0 {
            // The same records, but for an explicit version-0 record, which version 0 does not need.
            var expected = records(psbt)
            expected[0] = expected[0].filter { $0.key != [UInt8(PSBTKeyType.Global.version)] }
            try InvariantFailure.require(records(back) == expected, "v0 → v2 → v0 changed the records")
        }
        try InvariantFailure.require(
            (try? back.unsignedTransaction()) == (try? psbt.unsignedTransaction()),
            "v\(psbt.version) → v\(other) → v\(psbt.version) changed the transaction")
    }

    /// What `custos psbt inspect/finalize/extract` does with a decoded PSBT.
    private static func checkRoles(_ psbt: PSBT) throws(InvariantFailure) {
        do {
            let inspection = try PSBTInspection(psbt, network: .mainnet)
            try InvariantFailure.require(
                inspection.inputs.count == psbt.inputs.count && inspection.outputs.count == psbt.outputs.count,
                "inspection lists \(inspection.inputs.count) inputs, \(inspection.outputs.count) outputs")
        } catch let error as PSBTRoleError {
            try TerminalText.requirePrintable([error.description], "inspection error")
        } catch let error as InvariantFailure {
            throw error
        } catch {
            throw InvariantFailure("inspection threw an untyped error \(error)")
        }
        guard let finalized = try? PSBTFinalizer.finalize(psbt) else { return }
        try InvariantFailure.require(
            finalized.inputs.allSatisfy(\.isFinalized), "the finalizer left an input unfinalized")
        guard let transaction = try? PSBTExtractor.extract(finalized) else { return }
        try InvariantFailure.require(
            (try? Transaction(serialized: transaction.serialized())) == transaction,
            "an extracted transaction does not survive its round trip")
    }

    /// One record's content, for comparing maps whatever their order.
    private struct RecordContent: Hashable {
        let key: [UInt8]
        let value: [UInt8]
    }

    /// Every record of every map, as a set per map. A non-witness UTXO counts as its txid: the combiner keeps the
    /// first copy's encoding of a transaction given with and without witness data, which is the same transaction.
    private static func records(_ psbt: PSBT) -> [Set<RecordContent>] {
        let inputs = psbt.inputs.map { input in
            Set(
                input.map.records.map { record in
                    guard record.type == PSBTKeyType.Input.nonWitnessUTXO,
                        let transaction = try? Transaction(serialized: record.value)
                    else { return RecordContent(key: Array(record.key), value: Array(record.value)) }
                    return RecordContent(key: Array(record.key), value: transaction.txid.bytes)
                })
        }
        let plain = { (map: PSBTMap) in
            Set(map.records.map { RecordContent(key: Array($0.key), value: Array($0.value)) })
        }
        return [plain(psbt.global.map)] + inputs + psbt.outputs.map { plain($0.map) }
    }
}
