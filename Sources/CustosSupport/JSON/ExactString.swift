/// A string compared, hashed and ordered by its UTF-8 bytes.
///
/// TUF role names, key ids and target paths are byte strings: two spellings that Unicode considers canonically
/// equivalent (NFC and NFD) are different names. Swift's `String` equality and hashing would merge them, so every
/// dictionary keyed by such a name uses this wrapper.
public struct ExactString: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let string: String

    public init(_ string: String) {
        self.string = string
    }

    public init(stringLiteral value: String) {
        self.string = value
    }

    public var description: String { string }

    public static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        UTF8Bytes.equal(lhs.string, rhs.string)
    }

    public func hash(into hasher: inout Hasher) {
        var text = string
        text.withUTF8 { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
            hasher.combine(bytes.count)
        }
    }

    /// Byte order, which for valid UTF-8 equals Unicode code-point order (what canonical JSON sorts by).
    public static func < (lhs: ExactString, rhs: ExactString) -> Bool {
        UTF8Bytes.precedes(lhs.string, rhs.string)
    }
}
