/// A delegation path pattern as python-tuf matches it: the pattern and the target path are split on `/`, the segment
/// counts must be equal, and each segment matches with `fnmatch` rules (`*`, `?`, `[...]`, `[!...]`), so wildcards
/// never cross a `/`. Matching is case-sensitive and compares Unicode scalars.
struct PathPattern: Sendable {
    private enum Token: Sendable {
        case literal(Unicode.Scalar)
        case anyScalar
        case anySequence
        case set(negated: Bool, ranges: [ClosedRange<UInt32>])
        /// `[]` with nothing inside can never match (fnmatch's behaviour).
        case never
    }

    private let segments: [[Token]]

    init(_ pattern: String) {
        segments = pattern.split(separator: "/", omittingEmptySubsequences: false).map { Self.tokens(Substring($0)) }
    }

    func matches(_ targetPath: String) -> Bool {
        let parts = targetPath.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == segments.count else { return false }
        for (part, tokens) in zip(parts, segments) where !Self.match(Array(part.unicodeScalars), tokens) {
            return false
        }
        return true
    }

    private static func tokens(_ segment: Substring) -> [Token] {
        let scalars = Array(segment.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "*": tokens.append(.anySequence)
            case "?": tokens.append(.anyScalar)
            case "[":
                // Find the closing bracket; a `]` right after `[` or `[!` is part of the set.
                var end = index
                if end < scalars.count, scalars[end] == "!" { end += 1 }
                if end < scalars.count, scalars[end] == "]" { end += 1 }
                while end < scalars.count, scalars[end] != "]" { end += 1 }
                guard end < scalars.count else {
                    tokens.append(.literal("["))
                    continue
                }
                var content = Array(scalars[index..<end])
                index = end + 1
                var negated = false
                if content.first == "!" {
                    negated = true
                    content.removeFirst()
                }
                if content.isEmpty {
                    tokens.append(negated ? .anyScalar : .never)
                    continue
                }
                var ranges: [ClosedRange<UInt32>] = []
                var position = 0
                while position < content.count {
                    if position + 2 < content.count, content[position + 1] == "-" {
                        let low = content[position].value
                        let high = content[position + 2].value
                        if low <= high { ranges.append(low...high) }  // fnmatch drops reversed ranges
                        position += 3
                    } else {
                        ranges.append(content[position].value...content[position].value)
                        position += 1
                    }
                }
                tokens.append(ranges.isEmpty ? (negated ? .anyScalar : .never) : .set(negated: negated, ranges: ranges))
            default:
                tokens.append(.literal(scalar))
            }
        }
        return tokens
    }

    /// Wildcard matching with single-star backtracking: linear for typical patterns, quadratic at worst.
    private static func match(_ text: [Unicode.Scalar], _ tokens: [Token]) -> Bool {
        var textIndex = 0
        var tokenIndex = 0
        var starToken = -1
        var starText = 0
        while textIndex < text.count {
            if tokenIndex < tokens.count {
                switch tokens[tokenIndex] {
                case .anySequence:
                    starToken = tokenIndex
                    starText = textIndex
                    tokenIndex += 1
                    continue
                case .anyScalar:
                    textIndex += 1
                    tokenIndex += 1
                    continue
                case .literal(let scalar) where scalar == text[textIndex]:
                    textIndex += 1
                    tokenIndex += 1
                    continue
                case .set(let negated, let ranges)
                where ranges.contains { $0.contains(text[textIndex].value) } != negated:
                    textIndex += 1
                    tokenIndex += 1
                    continue
                default:
                    break
                }
            }
            guard starToken >= 0 else { return false }
            tokenIndex = starToken + 1
            starText += 1
            textIndex = starText
        }
        while tokenIndex < tokens.count, case .anySequence = tokens[tokenIndex] { tokenIndex += 1 }
        return tokenIndex == tokens.count
    }
}
