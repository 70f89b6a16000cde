/// Plain JSON (RFC 8259 escaping, members in their given order) for Custos' own output documents: compact on one
/// line, or indented for files people read and edit (the layout of Python's `json.dumps(indent=2,
/// ensure_ascii=False)`, so files written by either tool look alike).
public enum JSONWriter {
    public static func compact(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        append(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// One JSON string literal: `text` in quotes, escaped as every document of this writer escapes it. For output
    /// assembled piece by piece (the CLI's one-line reports), so a value reads the same whichever way it was written.
    public static func quote(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 2)
        appendString(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// One member or element per line, `spaces` deeper per level; empty objects and arrays stay `{}` and `[]`.
    public static func indented(_ value: JSONValue, spaces: Int = 2) -> String {
        var output: [UInt8] = []
        appendIndented(value, level: 0, spaces: max(0, spaces), to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func appendIndented(_ value: JSONValue, level: Int, spaces: Int, to output: inout [UInt8]) {
        func newline(_ depth: Int) {
            output.append(0x0A)
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * spaces))
        }
        switch value {
        case .array(let elements) where !elements.isEmpty:
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(level + 1)
                appendIndented(element, level: level + 1, spaces: spaces, to: &output)
            }
            newline(level)
            output.append(UInt8(ascii: "]"))
        case .object(let object) where !object.members.isEmpty:
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(level + 1)
                appendString(member.key, to: &output)
                output.append(contentsOf: ": ".utf8)
                appendIndented(member.value, level: level + 1, spaces: spaces, to: &output)
            }
            newline(level)
            output.append(UInt8(ascii: "}"))
        default:
            append(value, to: &output)
        }
    }

    private static func append(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): CanonicalJSON.appendInteger(number, to: &output)
        case .decimal(let text): output.append(contentsOf: text.utf8)
        case .string(let text): appendString(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(contentsOf: ", ".utf8) }
                append(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(contentsOf: ", ".utf8) }
                appendString(member.key, to: &output)
                output.append(contentsOf: ": ".utf8)
                append(member.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
            case 0x0A: output.append(contentsOf: "\\n".utf8)
            case 0x0D: output.append(contentsOf: "\\r".utf8)
            case 0x09: output.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                output.append(contentsOf: "\\u00".utf8)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
