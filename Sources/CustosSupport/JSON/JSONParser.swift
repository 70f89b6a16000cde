/// A strict RFC 8259 JSON parser for metadata and policy files.
///
/// Stricter than most parsers on purpose: duplicate object keys (compared byte for byte), invalid UTF-8, lone
/// surrogate escapes, unescaped control characters, a byte-order mark and trailing content are all refused. Nesting
/// is limited so hostile input cannot exhaust the stack; the input size is bounded by the caller (every download is).
public enum JSONParser {
    /// Deeper than any TUF metadata or policy document (they nest about six levels).
    public static let defaultMaximumDepth = 64

    public static func parse(_ bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth) throws(JSONError) -> JSONValue {
        try parseNoting(bytes, member: nil, maximumDepth: maximumDepth).value
    }

    /// Parses a document and notes where the top-level object's member `member` (e.g. `signed`) lies in `bytes`,
    /// and whether its text is already canonical JSON apart from insignificant whitespace: keys in ascending byte
    /// order, no escapes but `\"` and `\\`, integers only and no `-0`. Then `CanonicalJSON.minified` of that
    /// span is its canonical form, without re-encoding the tree.
    package static func parseNoting(
        _ bytes: [UInt8], member: String?, maximumDepth: Int = defaultMaximumDepth
    )
        throws(JSONError) -> (value: JSONValue, span: Range<Int>?, spanIsCanonicalOrder: Bool)
    {
        let result: Result<(JSONValue, Range<Int>?, Bool), JSONError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = Cursor(bytes: buffer, maximumDepth: maximumDepth)
            parser.notedMember = member
            do throws(JSONError) {
                let value = try parser.parseDocument()
                return .success((value, parser.notedSpan, parser.notedSpanIsCanonicalOrder))
            } catch {
                return .failure(error)
            }
        }
        let (value, span, canonical) = try result.get()
        return (value, span, canonical)
    }
}

/// The parsing state over one borrowed buffer.
private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    var position = 0
    var depth = 0
    /// Counts what keeps text from being canonical once whitespace is removed (unsorted keys, escapes other than
    /// `\"` and `\\`, non-integers, `-0`); compared before and after a value to judge that value alone.
    var nonCanonicalFeatures = 0
    /// The top-level member whose span is noted, and what was noted.
    var notedMember: String?
    var notedSpan: Range<Int>?
    var notedSpanIsCanonicalOrder = false

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw fail("a byte-order mark is not allowed")
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw fail("unexpected content after the JSON value") }
        return value
    }

    private func fail(_ reason: String) -> JSONError {
        fail(reason, at: position)
    }

    /// Errors are rare and end the parse, so the line and column are counted only here.
    private func fail(_ reason: String, at offset: Int) -> JSONError {
        JSONError(reason: reason, location: JSONError.Location(offset: offset, in: bytes))
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        guard position < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw fail("unexpected character '\(Self.show(bytes[position]))' where a value was expected")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count else { throw fail("unexpected end of input") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for index in 0..<count where bytes[position + index] != expected[index] {
            throw fail("invalid literal")
        }
        position += count
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        guard depth <= maximumDepth else { throw fail("nesting deeper than \(maximumDepth) levels") }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enter()
        position += 1  // {
        var members: [JSONMember] = []
        members.reserveCapacity(4)  // most metadata objects are small: one allocation instead of regrowth
        // Keys in strictly increasing byte order cannot repeat: canonical producers (python-tuf sorts keys) need
        // no duplicate search at all. Once the order breaks, keys are checked against a set of all seen so far.
        var ascending = true
        var seenKeys: Set<ExactString> = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject(members: members, keysAscending: true))
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw fail("expected a string key")
            }
            let keyOffset = position
            let key = try parseString()
            if ascending, let previous = members.last, !UTF8Bytes.precedes(previous.key, key) {
                ascending = false
                nonCanonicalFeatures += 1
                seenKeys = Set(members.map { ExactString($0.key) })
            }
            if !ascending && !seenKeys.insert(ExactString(key)).inserted {
                throw JSONError(
                    reason: "duplicate key \"\(key)\"", location: JSONError.Location(offset: keyOffset, in: bytes),
                    duplicateKey: key)
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            position += 1
            skipWhitespace()
            let valueStart = position
            let featuresBefore = nonCanonicalFeatures
            let value = try parseValue()
            if depth == 1, let notedMember, UTF8Bytes.equal(notedMember, key) {
                notedSpan = valueStart..<position
                notedSpanIsCanonicalOrder = nonCanonicalFeatures == featuresBefore
            }
            members.append(JSONMember(key: key, value: value))
            skipWhitespace()
            guard position < bytes.count else { throw fail("unexpected end of input in an object") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
            position += 1
            depth -= 1
            return .object(JSONObject(members: members, keysAscending: ascending))
        }
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enter()
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw fail("unexpected end of input in an array") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
            position += 1
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func parseString() throws(JSONError) -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes, so the string is a slice of the input; pure ASCII needs no UTF-8 validation.
        var nonASCII: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
                if nonASCII & 0x80 != 0 && !UTF8Bytes.isValid(slice) {
                    throw fail("string is not UTF-8 (invalid byte sequence)", at: start)
                }
                position += 1
                return String(decoding: slice, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail("unescaped control character in a string") }
            nonASCII |= byte
            position += 1
        }
        guard position < bytes.count else { throw fail("unterminated string") }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let valid = decoded.withUnsafeBufferPointer { UTF8Bytes.isValid($0) }
                guard valid else { throw fail("string is not UTF-8 (invalid byte sequence)", at: start) }
                position += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            if byte < 0x20 { throw fail("unescaped control character in a string") }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                position += 1
                continue
            }
            position += 1
            guard position < bytes.count else { throw fail("unterminated escape") }
            let escape = bytes[position]
            position += 1
            if escape != UInt8(ascii: "\"") && escape != UInt8(ascii: "\\") { nonCanonicalFeatures += 1 }
            switch escape {
            case UInt8(ascii: "\""): decoded.append(0x22)
            case UInt8(ascii: "\\"): decoded.append(0x5C)
            case UInt8(ascii: "/"): decoded.append(0x2F)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try parseUnicodeEscape()
                decoded.append(contentsOf: String(Character(scalar)).utf8)
            default:
                throw fail("invalid escape sequence")
            }
        }
        throw fail("unterminated string")
    }

    /// Reads the hex digits after `\u`, combining a surrogate pair; a lone surrogate is refused.
    private mutating func parseUnicodeEscape() throws(JSONError) -> Unicode.Scalar {
        let first = try readHexQuad()
        if (0xD800...0xDBFF).contains(first) {
            guard bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            else { throw fail("unpaired surrogate escape") }
            position += 2
            let second = try readHexQuad()
            guard (0xDC00...0xDFFF).contains(second) else { throw fail("unpaired surrogate escape") }
            let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw fail("invalid surrogate pair") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw fail("unpaired surrogate escape") }
        return scalar
    }

    private mutating func readHexQuad() throws(JSONError) -> UInt32 {
        guard bytes.count - position >= 4 else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw fail("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw fail("leading zero in a number") }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let integerEnd = position
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw fail("digit expected after '.'") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else { throw fail("digit expected in exponent") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard isInteger else {
            nonCanonicalFeatures += 1
            return .decimal(text)
        }
        // Accumulate negatively so Int64.min is representable; overflow keeps the number as written.
        var value: Int64 = 0
        for index in (negative ? start + 1 : start)..<integerEnd {
            let digit = Int64(bytes[index] - UInt8(ascii: "0"))
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = shifted.subtractingReportingOverflow(digit)
            if overflowA || overflowB {
                nonCanonicalFeatures += 1
                return .decimal(text)
            }
            value = next
        }
        if negative {
            if value == 0 { nonCanonicalFeatures += 1 }  // canonical JSON writes -0 as 0
            return .integer(value)
        }
        guard value != Int64.min else { return .decimal(text) }
        return .integer(-value)
    }

    /// A byte as a reader sees it: the character when printable ASCII, else its hex value.
    private static func show(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
