internal import Bitcoin

/// One key-value pair of a PSBT map, kept as the exact bytes it was read from so that every record, known or not,
/// re-serializes byte for byte. The slices share the decoded file's storage (no copy per record).
public struct PSBTRecord: Sendable, Hashable {
    /// The whole key: compact-size type followed by key data.
    public let key: ArraySlice<UInt8>
    public let value: ArraySlice<UInt8>
    /// The key type (the compact size at the start of `key`).
    public let type: UInt64
    /// Where the key data starts inside `key`.
    let keyDataStart: Int

    public var keyData: ArraySlice<UInt8> { key[keyDataStart...] }

    /// A record read from a file: `key` must start with a valid compact-size type.
    init(key: ArraySlice<UInt8>, value: ArraySlice<UInt8>) throws(DecodingError) {
        var reader = ByteReader(slice: key)
        type = try reader.readCompactSize("key type")
        keyDataStart = key.startIndex + reader.consumedCount
        self.key = key
        self.value = value
    }

    /// A new record of `type` with key data and value.
    public init(type: UInt64, keyData: some Collection<UInt8> = [UInt8](), value: some Collection<UInt8>) {
        var keyBytes: [UInt8] = []
        keyBytes.appendCompactSize(type)
        let typeLength = keyBytes.count
        keyBytes.append(contentsOf: keyData)
        self.type = type
        key = keyBytes[...]
        keyDataStart = typeLength
        self.value = Array(value)[...]
    }

    func serialize(into output: inout [UInt8]) {
        output.appendVarBytes(key)
        output.appendVarBytes(value)
    }

    var serializedCount: Int {
        CompactSize.encodedCount(key.count) + key.count + CompactSize.encodedCount(value.count) + value.count
    }

    public static func == (lhs: PSBTRecord, rhs: PSBTRecord) -> Bool {
        lhs.key.elementsEqual(rhs.key) && lhs.value.elementsEqual(rhs.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(Array(key))
        hasher.combine(Array(value))
    }
}
