/// A stable dotted name for one rule that can fail (`psbt.signature.invalid`, `firmware.release.unlisted`): programs
/// and lab reports match on the code, people read the message. A code keeps its name and category once published;
/// `docs/ERRORS.md` lists every code declared in the sources, and a test keeps the two equal.
///
/// Codes are declared as `static let` constants next to the error type that uses them, always in the form
/// `FailureCode("area.rule", .category, "one line for docs/ERRORS.md")` on one line, which the documentation test reads.
public struct FailureCode: Hashable, Sendable, CustomStringConvertible {
    /// The dotted name: lowercase words of letters, digits and hyphens, joined by dots.
    public let name: String
    public let category: FailureCategory
    /// One line saying what the code means, for the table in docs/ERRORS.md.
    public let summary: String

    package init(_ name: String, _ category: FailureCategory, _ summary: String) {
        self.name = name
        self.category = category
        self.summary = summary
    }

    public var description: String { name }

    // A code is identified by its name alone.
    public static func == (lhs: FailureCode, rhs: FailureCode) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
