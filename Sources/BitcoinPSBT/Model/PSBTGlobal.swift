public import Bitcoin

/// The global map of a PSBT.
public struct PSBTGlobal: Sendable, Hashable {
    public private(set) var map: PSBTMap
    /// PSBTv0's unsigned transaction, decoded once when read or set.
    public private(set) var unsignedTransaction: Transaction?

    init(map: PSBTMap, unsignedTransaction: Transaction?) {
        self.map = map
        self.unsignedTransaction = unsignedTransaction
    }

    public init() {
        map = PSBTMap(writeOrder: PSBTKeyType.Global.writeOrder)
    }

    typealias Key = PSBTKeyType.Global

    /// PSBT_GLOBAL_VERSION (0 when absent).
    public var version: UInt32 { map.first(Key.version).map { PSBTInput.uint32($0.value) } ?? 0 }

    public var transactionVersion: UInt32? { map.first(Key.transactionVersion).map { PSBTInput.uint32($0.value) } }
    public var fallbackLocktime: UInt32? { map.first(Key.fallbackLocktime).map { PSBTInput.uint32($0.value) } }
    public var transactionModifiable: UInt8? { map.first(Key.transactionModifiable).flatMap { $0.value.first } }

    /// PSBT_GLOBAL_XPUB entries: the 78-byte serialized key (parsed when it is a standard xpub/tpub) and origin.
    public var extendedPublicKeys: [(serialized: [UInt8], key: ExtendedPublicKey?, origin: KeyOrigin)] {
        map.all(Key.extendedPublicKey).compactMap { record in
            guard let origin = try? KeyOrigin(serialized: record.value) else { return nil }
            let serialized = Array(record.keyData)
            return (serialized, try? ExtendedPublicKey(serialized: serialized), origin)
        }
    }

    public mutating func addExtendedPublicKey(_ key: ExtendedPublicKey, origin: KeyOrigin) {
        map.set(PSBTRecord(type: Key.extendedPublicKey, keyData: key.serialized, value: origin.serialized))
    }

    /// The value of the PSBT_GLOBAL_PROPRIETARY record with this identifier, subtype and key data (BIP174's key:
    /// 0xFC, compact-size-prefixed identifier, compact-size subtype, key data), or nil.
    public func proprietaryValue(identifier: [UInt8], subtype: UInt64, keyData: [UInt8] = []) -> [UInt8]? {
        let key = Self.proprietaryKeyData(identifier: identifier, subtype: subtype, keyData: keyData)
        return map.all(Key.proprietary).first { $0.keyData.elementsEqual(key) }.map { Array($0.value) }
    }

    /// Sets a PSBT_GLOBAL_PROPRIETARY record (replacing one with the same key). Other software keeps it unread.
    public mutating func setProprietary(identifier: [UInt8], subtype: UInt64, keyData: [UInt8] = [], value: [UInt8]) {
        map.set(
            PSBTRecord(
                type: Key.proprietary,
                keyData: Self.proprietaryKeyData(identifier: identifier, subtype: subtype, keyData: keyData),
                value: value))
    }

    private static func proprietaryKeyData(identifier: [UInt8], subtype: UInt64, keyData: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendVarBytes(identifier)
        bytes.appendCompactSize(subtype)
        bytes.append(contentsOf: keyData)
        return bytes
    }

    mutating func setUnsignedTransaction(_ transaction: Transaction?) {
        unsignedTransaction = transaction
        map.removeAll(Key.unsignedTransaction)
        if let transaction {
            map.set(PSBTRecord(type: Key.unsignedTransaction, value: transaction.serialized(includingWitness: false)))
        }
    }

    mutating func setUInt32(_ type: UInt64, _ value: UInt32?) {
        map.removeAll(type)
        guard let value else { return }
        var bytes: [UInt8] = []
        bytes.appendUInt32(value)
        map.set(PSBTRecord(type: type, value: bytes))
    }

    mutating func setCompactSize(_ type: UInt64, _ value: Int?) {
        map.removeAll(type)
        guard let value else { return }
        var bytes: [UInt8] = []
        bytes.appendCompactSize(value)
        map.set(PSBTRecord(type: type, value: bytes))
    }

    mutating func setModifiable(_ value: UInt8?) {
        map.removeAll(Key.transactionModifiable)
        if let value { map.set(PSBTRecord(type: Key.transactionModifiable, value: [value])) }
    }

    mutating func merge(_ record: PSBTRecord) {
        map.set(record)
    }

    mutating func remove(_ type: UInt64) {
        map.removeAll(type)
    }
}
