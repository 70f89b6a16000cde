/// `--filter PATTERN`: which cases run. A pattern with `*` (any run of characters, `/` included) or `?` (one
/// character) must match a case's whole id; a plain pattern must occur in the id. Either way, a pattern equal to a
/// kind's name selects every case of that kind.
public struct CaseFilter: Sendable, Equatable {
    public let pattern: String

    public init(_ pattern: String) {
        self.pattern = pattern
    }

    public func matches(id: String, kind: String?) -> Bool {
        if kind == pattern { return true }
        guard pattern.contains(where: { $0 == "*" || $0 == "?" }) else { return id.contains(pattern) }
        return Self.glob(Array(pattern), Array(id))
    }

    /// Iterative wildcard match with backtracking to the last `*` (linear in practice, no recursion).
    private static func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0
        var t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
