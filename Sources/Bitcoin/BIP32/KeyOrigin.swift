/// Where a key comes from: the master key's fingerprint and the path from it (PSBT_*_BIP32_DERIVATION values,
/// descriptor `[fingerprint/path]` prefixes).
public struct KeyOrigin: Sendable, Hashable, CustomStringConvertible {
    public var fingerprint: Fingerprint
    public var path: DerivationPath

    public init(fingerprint: Fingerprint, path: DerivationPath) {
        self.fingerprint = fingerprint
        self.path = path
    }

    /// "d34db33f/48h/0h/0h/2h/0/5", the form used inside descriptor brackets.
    public var description: String {
        path.isEmpty ? fingerprint.description : "\(fingerprint)/\(path)"
    }

    /// The PSBT encoding: 4 fingerprint bytes then each index as a little-endian uint32.
    public var serialized: [UInt8] {
        var output = fingerprint.bytes
        output.reserveCapacity(4 + 4 * path.components.count)
        for index in path.components { output.appendUInt32(index) }
        return output
    }

    /// Decodes the PSBT encoding; the length must be a positive multiple of 4.
    public init(serialized bytes: ArraySlice<UInt8>) throws(DecodingError) {
        guard !bytes.isEmpty, bytes.count % 4 == 0 else { throw .invalid("invalid length for HD key path") }
        var reader = ByteReader(slice: bytes)
        guard let fingerprint = Fingerprint(bytes: try reader.readSlice(4, "fingerprint")) else {
            throw .invalid("invalid fingerprint")
        }
        var components: [UInt32] = []
        components.reserveCapacity(bytes.count / 4 - 1)
        while !reader.isAtEnd {
            components.append(try reader.readUInt32("key path index"))
        }
        self.init(fingerprint: fingerprint, path: DerivationPath(components))
    }
}
