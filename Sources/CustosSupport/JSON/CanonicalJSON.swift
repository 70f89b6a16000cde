/// The canonical JSON form TUF signs (the OLPC rules, as securesystemslib's `encode_canonical` writes them):
/// no insignificant whitespace, object keys sorted by code point (UTF-8 byte order), strings as raw UTF-8 with only
/// `"` and `\` escaped, integers only.
public enum CanonicalJSON {
    /// `capacityHint`: the expected output size (the input document's size is a good one), to avoid regrowth.
    public static func encode(_ value: JSONValue, capacityHint: Int = 4096) throws(JSONError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(max(64, capacityHint))
        try append(value, to: &output)
        return output
    }

    /// `text` without whitespace outside strings: the canonical form of JSON text that the parser found to be in
    /// canonical order (see `JSONParser.parseNoting`).
    package static func minified(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var inString = false
        var escaped = false
        for byte in text {
            if inString {
                output.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case UInt8(ascii: "\""):
                inString = true
                output.append(byte)
            default: output.append(byte)
            }
        }
        return output
    }

    private static func append(_ value: JSONValue, to output: inout [UInt8]) throws(JSONError) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): appendInteger(number, to: &output)
        case .decimal(let text):
            throw JSONError(
                reason: "canonical JSON has no form for the non-integer number \(text)", location: nil)
        case .string(let text): appendString(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                try append(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            // Producers such as python-tuf already write sorted keys (the parser notes it): sort only if needed.
            var members = object.members
            if !object.keysAscending {
                members.sort { UTF8Bytes.precedes($0.key, $1.key) }
            }
            var first = true
            for member in members {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                appendString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                try append(member.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = text
        string.withUTF8 { bytes in
            if !bytes.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                output.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { output.append(UInt8(ascii: "\\")) }
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    static func appendInteger(_ number: Int64, to output: inout [UInt8]) {
        if number == 0 {
            output.append(UInt8(ascii: "0"))
            return
        }
        if number < 0 { output.append(UInt8(ascii: "-")) }
        // Digits come out least significant first: append them, then reverse that stretch in place.
        let start = output.count
        var magnitude = number.magnitude  // UInt64, so Int64.min has one
        while magnitude > 0 {
            output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        output[start...].reverse()
    }
}
