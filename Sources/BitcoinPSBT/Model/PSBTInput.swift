public import Bitcoin

/// One input map of a PSBT, with typed access to the fields Custos uses. Records are validated when the PSBT is
/// decoded, so the accessors here only read what is known to be well formed.
public struct PSBTInput: Sendable, Hashable {
    public private(set) var map: PSBTMap

    init(map: PSBTMap) {
        self.map = map
    }

    public init() {
        map = PSBTMap(writeOrder: PSBTKeyType.Input.writeOrder)
    }

    typealias Key = PSBTKeyType.Input

    // MARK: UTXO

    /// PSBT_IN_NON_WITNESS_UTXO: the whole transaction that created the spent output.
    public var nonWitnessUTXO: Transaction? {
        map.first(Key.nonWitnessUTXO).flatMap { try? Transaction(serialized: $0.value) }
    }

    /// PSBT_IN_WITNESS_UTXO: the spent output alone (trustworthy for segwit, whose sighash commits to it).
    public var witnessUTXO: TransactionOutput? {
        map.first(Key.witnessUTXO).flatMap { try? TransactionOutput(serialized: $0.value) }
    }

    public var hasNonWitnessUTXO: Bool { map.contains(Key.nonWitnessUTXO) }

    // MARK: Signing data

    /// PSBT_IN_PARTIAL_SIG: (public key bytes, DER signature with hash-type byte), in file order.
    public var partialSignatures: [(publicKey: [UInt8], signature: [UInt8])] {
        map.all(Key.partialSignature).map { (Array($0.keyData), Array($0.value)) }
    }

    /// PSBT_IN_SIGHASH_TYPE.
    public var sighashType: UInt32? {
        map.first(Key.sighashType).map { Self.uint32($0.value) }
    }

    public var redeemScript: Script? { map.first(Key.redeemScript).map { Script($0.value) } }
    public var witnessScript: Script? { map.first(Key.witnessScript).map { Script($0.value) } }

    /// PSBT_IN_BIP32_DERIVATION: (public key bytes, origin).
    public var bip32Derivations: [(publicKey: [UInt8], origin: KeyOrigin)] {
        map.all(Key.bip32Derivation).compactMap { record in
            (try? KeyOrigin(serialized: record.value)).map { (Array(record.keyData), $0) }
        }
    }

    public var finalScriptSig: Script? { map.first(Key.finalScriptSig).map { Script($0.value) } }

    public var finalScriptWitness: [[UInt8]]? {
        map.first(Key.finalScriptWitness).flatMap { try? Self.decodeWitness($0.value) }
    }

    /// True when the input carries a final scriptSig or witness.
    public var isFinalized: Bool { map.contains(Key.finalScriptSig) || map.contains(Key.finalScriptWitness) }

    // MARK: PSBTv2 transaction fields

    public var previousTxid: TransactionID? { map.first(Key.previousTxid).flatMap { TransactionID(bytes: $0.value) } }
    public var outputIndex: UInt32? { map.first(Key.outputIndex).map { Self.uint32($0.value) } }
    public var sequence: UInt32? { map.first(Key.sequence).map { Self.uint32($0.value) } }
    public var requiredTimeLocktime: UInt32? { map.first(Key.requiredTimeLocktime).map { Self.uint32($0.value) } }
    public var requiredHeightLocktime: UInt32? {
        map.first(Key.requiredHeightLocktime).map { Self.uint32($0.value) }
    }

    // MARK: Taproot (BIP371)

    public var tapKeySignature: [UInt8]? { map.first(Key.tapKeySignature).map { Array($0.value) } }

    /// PSBT_IN_TAP_SCRIPT_SIG: (x-only key, leaf hash, 64/65-byte signature).
    public var tapScriptSignatures: [(xOnlyKey: [UInt8], leafHash: [UInt8], signature: [UInt8])] {
        map.all(Key.tapScriptSignature).map { record in
            let data = record.keyData
            return (Array(data.prefix(32)), Array(data.dropFirst(32)), Array(record.value))
        }
    }

    /// PSBT_IN_TAP_LEAF_SCRIPT: (control block, leaf).
    public var tapLeafScripts: [(controlBlock: [UInt8], leaf: TapLeaf)] {
        map.all(Key.tapLeafScript).compactMap { record in
            guard let version = record.value.last else { return nil }
            return (Array(record.keyData), TapLeaf(script: Script(record.value.dropLast()), version: version))
        }
    }

    /// PSBT_IN_TAP_BIP32_DERIVATION: (x-only key, leaf hashes, origin).
    public var tapBIP32Derivations: [(xOnlyKey: [UInt8], leafHashes: [[UInt8]], origin: KeyOrigin)] {
        map.all(Key.tapBIP32Derivation).compactMap { record in
            guard let (hashes, origin) = try? TaprootDerivation.decode(record.value) else { return nil }
            return (Array(record.keyData), hashes, origin)
        }
    }

    public var tapInternalKey: [UInt8]? { map.first(Key.tapInternalKey).map { Array($0.value) } }
    public var tapMerkleRoot: [UInt8]? { map.first(Key.tapMerkleRoot).map { Array($0.value) } }

    /// True when any kind of signature is present (partial, taproot, MuSig2 partial, or final).
    public var hasSignatures: Bool {
        isFinalized || map.contains(Key.partialSignature) || map.contains(Key.tapKeySignature)
            || map.contains(Key.tapScriptSignature) || map.contains(Key.musig2PartialSignature)
    }

    // MARK: Updating

    public mutating func setNonWitnessUTXO(_ transaction: Transaction) {
        map.set(PSBTRecord(type: Key.nonWitnessUTXO, value: transaction.serialized()))
    }

    public mutating func setWitnessUTXO(_ output: TransactionOutput) {
        map.set(PSBTRecord(type: Key.witnessUTXO, value: output.serialized))
    }

    public mutating func setRedeemScript(_ script: Script) {
        map.set(PSBTRecord(type: Key.redeemScript, value: script.bytes))
    }

    public mutating func setWitnessScript(_ script: Script) {
        map.set(PSBTRecord(type: Key.witnessScript, value: script.bytes))
    }

    public mutating func setSighashType(_ type: UInt32) {
        var value: [UInt8] = []
        value.appendUInt32(type)
        map.set(PSBTRecord(type: Key.sighashType, value: value))
    }

    public mutating func addBIP32Derivation(publicKey: PublicKey, origin: KeyOrigin) {
        map.set(PSBTRecord(type: Key.bip32Derivation, keyData: publicKey.bytes, value: origin.serialized))
    }

    /// Adds a partial signature (DER + hash type) for a key; the caller has checked the encoding.
    public mutating func addPartialSignature(publicKey: PublicKey, signature: [UInt8]) {
        map.set(PSBTRecord(type: Key.partialSignature, keyData: publicKey.bytes, value: signature))
    }

    public mutating func addTapScriptSignature(xOnlyKey: [UInt8], leafHash: [UInt8], signature: [UInt8]) {
        map.set(PSBTRecord(type: Key.tapScriptSignature, keyData: xOnlyKey + leafHash, value: signature))
    }

    public mutating func setTapKeySignature(_ signature: [UInt8]) {
        map.set(PSBTRecord(type: Key.tapKeySignature, value: signature))
    }

    public mutating func addTapLeafScript(controlBlock: [UInt8], leaf: TapLeaf) {
        map.set(PSBTRecord(type: Key.tapLeafScript, keyData: controlBlock, value: leaf.script.bytes + [leaf.version]))
    }

    public mutating func addTapBIP32Derivation(xOnlyKey: [UInt8], leafHashes: [[UInt8]], origin: KeyOrigin) {
        map.set(
            PSBTRecord(
                type: Key.tapBIP32Derivation, keyData: xOnlyKey,
                value: TaprootDerivation.encode(leafHashes: leafHashes, origin: origin)))
    }

    public mutating func setTapInternalKey(_ key: [UInt8]) {
        map.set(PSBTRecord(type: Key.tapInternalKey, value: key))
    }

    public mutating func setTapMerkleRoot(_ root: [UInt8]) {
        map.set(PSBTRecord(type: Key.tapMerkleRoot, value: root))
    }

    /// Sets the final scriptSig and/or witness and clears what BIP174 says a finalizer removes.
    public mutating func finalize(scriptSig: Script?, witness: [[UInt8]]?) {
        map.removeAll { Key.removedWhenFinalized.contains($0.type) }
        map.removeAll(Key.finalScriptSig)
        map.removeAll(Key.finalScriptWitness)
        if let scriptSig, !scriptSig.isEmpty {
            map.set(PSBTRecord(type: Key.finalScriptSig, value: scriptSig.bytes))
        }
        if let witness, !witness.isEmpty {
            map.set(PSBTRecord(type: Key.finalScriptWitness, value: Self.encodeWitness(witness)))
        }
    }

    /// Drops everything BIP174 says a finalizer removes, keeping the final scriptSig and witness as they are.
    mutating func keepOnlyFinalScripts() {
        map.removeAll { Key.removedWhenFinalized.contains($0.type) }
    }

    /// PSBTv2 fields; set by the creator and by conversion.
    mutating func setTransactionFields(previousOutput: OutPoint, sequence: UInt32?) {
        map.set(PSBTRecord(type: Key.previousTxid, value: previousOutput.txid.bytes))
        var index: [UInt8] = []
        index.appendUInt32(previousOutput.index)
        map.set(PSBTRecord(type: Key.outputIndex, value: index))
        if let sequence {
            var value: [UInt8] = []
            value.appendUInt32(sequence)
            map.set(PSBTRecord(type: Key.sequence, value: value))
        }
    }

    mutating func removeTransactionFields() {
        for type in [
            Key.previousTxid, Key.outputIndex, Key.sequence, Key.requiredTimeLocktime,
            Key.requiredHeightLocktime,
        ] {
            map.removeAll(type)
        }
    }

    /// Adds a record from another copy of the same input (combiner); the caller has checked for conflicts.
    mutating func merge(_ record: PSBTRecord) {
        map.set(record)
    }

    // MARK: Encoding helpers

    static func uint32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func decodeWitness(_ bytes: ArraySlice<UInt8>) throws(DecodingError) -> [[UInt8]] {
        var reader = ByteReader(slice: bytes)
        let count = try reader.readLength("witness item count")
        var stack: [[UInt8]] = []
        stack.reserveCapacity(count)
        for _ in 0..<count {
            stack.append(try reader.readVarBytes("witness item"))
        }
        try reader.requireEnd("final script witness")
        return stack
    }

    static func encodeWitness(_ stack: [[UInt8]]) -> [UInt8] {
        var output: [UInt8] = []
        output.appendCompactSize(stack.count)
        for item in stack { output.appendVarBytes(item) }
        return output
    }
}

/// The value of PSBT_{IN,OUT}_TAP_BIP32_DERIVATION: compact-size count of leaf hashes, the hashes, then the origin.
enum TaprootDerivation {
    static func decode(_ value: ArraySlice<UInt8>) throws(DecodingError) -> ([[UInt8]], KeyOrigin) {
        var reader = ByteReader(slice: value)
        let count = try reader.readLength("leaf hash count", minimumItemSize: 32)
        var hashes: [[UInt8]] = []
        hashes.reserveCapacity(count)
        for _ in 0..<count {
            hashes.append(try reader.readBytes(32, "leaf hash"))
        }
        let origin = try KeyOrigin(serialized: value[(value.startIndex + reader.consumedCount)...])
        return (hashes, origin)
    }

    static func encode(leafHashes: [[UInt8]], origin: KeyOrigin) -> [UInt8] {
        var value: [UInt8] = []
        value.appendCompactSize(leafHashes.count)
        for hash in leafHashes { value.append(contentsOf: hash) }
        value.append(contentsOf: origin.serialized)
        return value
    }
}
