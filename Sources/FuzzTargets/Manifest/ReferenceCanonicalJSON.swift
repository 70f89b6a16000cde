internal import CustosSupport

/// A second, deliberately plain implementation of TUF's canonical JSON (securesystemslib's `encode_canonical`:
/// keys sorted by UTF-8 bytes, strings raw with only `"` and `\` escaped, integers only), with none of
/// `CanonicalJSON`'s shortcuts (the parser's notion of already-sorted keys, the minified span of `signed`). The
/// fuzz targets require the two to agree.
enum ReferenceCanonicalJSON {
    /// Nil when the value has a non-integer number, which canonical JSON cannot write.
    static func encode(_ value: JSONValue) -> [UInt8]? {
        switch value {
        case .null: return Array("null".utf8)
        case .bool(let flag): return Array((flag ? "true" : "false").utf8)
        case .integer(let number): return Array(String(number).utf8)
        case .decimal: return nil
        case .string(let text): return string(text)
        case .array(let elements):
            var output: [UInt8] = [UInt8(ascii: "[")]
            for (index, element) in elements.enumerated() {
                guard let encoded = encode(element) else { return nil }
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output += encoded
            }
            return output + [UInt8(ascii: "]")]
        case .object(let object):
            let members = object.members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            var output: [UInt8] = [UInt8(ascii: "{")]
            for (index, member) in members.enumerated() {
                guard let encoded = encode(member.value) else { return nil }
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output += string(member.key) + [UInt8(ascii: ":")] + encoded
            }
            return output + [UInt8(ascii: "}")]
        }
    }

    private static func string(_ text: String) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { output.append(UInt8(ascii: "\\")) }
            output.append(byte)
        }
        return output + [UInt8(ascii: "\"")]
    }
}
