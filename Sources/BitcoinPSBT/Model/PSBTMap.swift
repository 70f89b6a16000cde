/// A PSBT key-value map: records in file order. New records go where Bitcoin Core would write them (by key type,
/// after existing records of the same type), so maps read from Core keep Core's layout.
public struct PSBTMap: Sendable, Hashable {
    public private(set) var records: [PSBTRecord]
    private let writeOrder: [UInt64]

    init(records: [PSBTRecord] = [], writeOrder: [UInt64]) {
        self.records = records
        self.writeOrder = writeOrder
    }

    public func first(_ type: UInt64) -> PSBTRecord? {
        records.first { $0.type == type }
    }

    public func all(_ type: UInt64) -> [PSBTRecord] {
        records.filter { $0.type == type }
    }

    public func contains(_ type: UInt64) -> Bool {
        records.contains { $0.type == type }
    }

    public func record(forKey key: some Collection<UInt8>) -> PSBTRecord? {
        records.first { $0.key.elementsEqual(key) }
    }

    /// Inserts `record`, replacing a record with the same key.
    public mutating func set(_ record: PSBTRecord) {
        if let index = records.firstIndex(where: { $0.key == record.key }) {
            records[index] = record
            return
        }
        let rank = PSBTKeyType.rank(record.type, in: writeOrder)
        // After the last record whose rank is not greater, so a record joins the end of its type's group.
        var position = records.count
        while position > 0 && PSBTKeyType.rank(records[position - 1].type, in: writeOrder) > rank {
            position -= 1
        }
        records.insert(record, at: position)
    }

    public mutating func removeAll(where shouldRemove: (PSBTRecord) -> Bool) {
        records.removeAll(where: shouldRemove)
    }

    public mutating func removeAll(_ type: UInt64) {
        records.removeAll { $0.type == type }
    }

    func serialize(into output: inout [UInt8]) {
        for record in records {
            record.serialize(into: &output)
        }
        output.append(0x00)
    }

    var serializedCount: Int { records.reduce(1) { $0 + $1.serializedCount } }

    public static func == (lhs: PSBTMap, rhs: PSBTMap) -> Bool { lhs.records == rhs.records }

    public func hash(into hasher: inout Hasher) { hasher.combine(records) }
}
