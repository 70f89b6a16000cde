/// Why bytes are not acceptable JSON, or why a value has no canonical form.
///
/// A parse error says where the problem is twice: as a byte offset (for tools) and as a line and column (for a
/// person editing the file; the column counts bytes from 1).
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the input a parse error was found.
    public struct Location: Sendable, Equatable, CustomStringConvertible {
        /// Byte offset from the start of the input.
        public let offset: Int
        /// 1-based line (lines end with `\n`).
        public let line: Int
        /// 1-based byte column within the line.
        public let column: Int

        public var description: String { "line \(line), column \(column)" }

        /// The line and column of `offset` in `bytes`.
        init(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
            var line = 1
            var lineStart = 0
            for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            self.offset = offset
            self.line = line
            self.column = offset - lineStart + 1
        }
    }

    public let reason: String
    /// Nil when a value (not input text) is at fault: a number canonical JSON cannot write.
    public let location: Location?

    /// The key an object holds twice: the text is well-formed but ambiguous (parsers disagree on which value
    /// wins), which callers may class apart from broken syntax.
    public let duplicateKey: String?

    /// Byte offset of a parse error (0 for an encoding error).
    public var offset: Int { location?.offset ?? 0 }

    init(reason: String, location: Location?, duplicateKey: String? = nil) {
        self.reason = reason
        self.location = location
        self.duplicateKey = duplicateKey
    }

    public var description: String {
        guard let location else { return "cannot encode JSON: \(reason)" }
        return "invalid JSON at \(location) (byte \(location.offset)): \(reason)"
    }

    /// `line L, column C: reason`, for messages that already say which file is not valid JSON.
    public var positionedReason: String {
        guard let location else { return reason }
        return "\(location): \(reason)"
    }
}
