/// A dotted-decimal version ("2.8.1") compared numerically, part by part, missing parts counting as 0.
public struct DottedVersion: Sendable, Comparable, CustomStringConvertible {
    public let parts: [Int]

    /// Nil unless `text` is one or more dot-separated decimal numbers (a leading "v" is allowed).
    public init?(_ text: String) {
        let body = text.hasPrefix("v") ? text.dropFirst() : Substring(text)
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        var parts: [Int] = []
        for piece in pieces {
            guard !piece.isEmpty, piece.count <= 9, piece.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(piece)
            else { return nil }
            parts.append(value)
        }
        guard !parts.isEmpty else { return nil }
        self.parts = parts
    }

    public var description: String { parts.map(String.init).joined(separator: ".") }

    public static func < (lhs: DottedVersion, rhs: DottedVersion) -> Bool {
        for index in 0..<max(lhs.parts.count, rhs.parts.count) {
            let left = index < lhs.parts.count ? lhs.parts[index] : 0
            let right = index < rhs.parts.count ? rhs.parts[index] : 0
            if left != right { return left < right }
        }
        return false
    }

    public static func == (lhs: DottedVersion, rhs: DottedVersion) -> Bool { !(lhs < rhs) && !(rhs < lhs) }
}
