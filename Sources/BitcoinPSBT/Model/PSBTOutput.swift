public import Bitcoin

/// One output map of a PSBT.
public struct PSBTOutput: Sendable, Hashable {
    public private(set) var map: PSBTMap

    init(map: PSBTMap) {
        self.map = map
    }

    public init() {
        map = PSBTMap(writeOrder: PSBTKeyType.Output.writeOrder)
    }

    typealias Key = PSBTKeyType.Output

    public var redeemScript: Script? { map.first(Key.redeemScript).map { Script($0.value) } }
    public var witnessScript: Script? { map.first(Key.witnessScript).map { Script($0.value) } }

    public var bip32Derivations: [(publicKey: [UInt8], origin: KeyOrigin)] {
        map.all(Key.bip32Derivation).compactMap { record in
            (try? KeyOrigin(serialized: record.value)).map { (Array(record.keyData), $0) }
        }
    }

    /// PSBTv2 PSBT_OUT_AMOUNT.
    public var amount: Int64? {
        map.first(Key.amount).map { Int64(bitPattern: $0.value.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }) }
    }

    /// PSBTv2 PSBT_OUT_SCRIPT.
    public var script: Script? { map.first(Key.script).map { Script($0.value) } }

    public var tapInternalKey: [UInt8]? { map.first(Key.tapInternalKey).map { Array($0.value) } }

    public var tapBIP32Derivations: [(xOnlyKey: [UInt8], leafHashes: [[UInt8]], origin: KeyOrigin)] {
        map.all(Key.tapBIP32Derivation).compactMap { record in
            guard let (hashes, origin) = try? TaprootDerivation.decode(record.value) else { return nil }
            return (Array(record.keyData), hashes, origin)
        }
    }

    public mutating func setRedeemScript(_ script: Script) {
        map.set(PSBTRecord(type: Key.redeemScript, value: script.bytes))
    }

    public mutating func setWitnessScript(_ script: Script) {
        map.set(PSBTRecord(type: Key.witnessScript, value: script.bytes))
    }

    public mutating func addBIP32Derivation(publicKey: PublicKey, origin: KeyOrigin) {
        map.set(PSBTRecord(type: Key.bip32Derivation, keyData: publicKey.bytes, value: origin.serialized))
    }

    public mutating func setTapInternalKey(_ key: [UInt8]) {
        map.set(PSBTRecord(type: Key.tapInternalKey, value: key))
    }

    public mutating func addTapBIP32Derivation(xOnlyKey: [UInt8], leafHashes: [[UInt8]], origin: KeyOrigin) {
        map.set(
            PSBTRecord(
                type: Key.tapBIP32Derivation, keyData: xOnlyKey,
                value: TaprootDerivation.encode(leafHashes: leafHashes, origin: origin)))
    }

    mutating func setTransactionFields(_ output: TransactionOutput) {
        var amount: [UInt8] = []
        amount.appendInt64(output.value)
        map.set(PSBTRecord(type: Key.amount, value: amount))
        map.set(PSBTRecord(type: Key.script, value: output.scriptPubKey.bytes))
    }

    mutating func removeTransactionFields() {
        map.removeAll(Key.amount)
        map.removeAll(Key.script)
    }

    mutating func merge(_ record: PSBTRecord) {
        map.set(record)
    }
}
