/// A dotted-decimal version (`2.8.1`), compared numerically component by component; missing trailing components
/// count as zero, so `2.8` equals `2.8.0` (and hashes alike).
///
/// Manifest fields take the strict form (`init(_:)`); vendors' release names may carry a leading `v`
/// (`v9.26.3`, `parse(releaseName:)`). Either way a version has 1 to 8 components of 1 to 9 digits, so a component
/// always fits in `UInt32` and no text can make the comparison allocate or overflow.
public struct DottedVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let maximumComponents = 8
    public static let maximumDigits = 9

    public let components: [UInt32]

    /// Digits and dots only: no sign, space, prefix or empty component.
    public init?(_ text: String) {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard (1...Self.maximumComponents).contains(parts.count) else { return nil }
        var components: [UInt32] = []
        components.reserveCapacity(parts.count)
        for part in parts {
            guard (1...Self.maximumDigits).contains(part.count) else { return nil }
            var value: UInt32 = 0
            for byte in part {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + UInt32(byte - UInt8(ascii: "0"))
            }
            components.append(value)
        }
        self.components = components
    }

    /// A vendor's release name: the strict form, optionally after one leading `v` (`v9.26.3`). A static function
    /// rather than a second initializer, so `DottedVersion.init` stays unambiguous (`compactMap(DottedVersion.init)`).
    public static func parse(releaseName text: String) -> DottedVersion? {
        DottedVersion(text.hasPrefix("v") ? String(text.dropFirst()) : text)
    }

    public var description: String { components.map(String.init).joined(separator: ".") }

    private func component(_ index: Int) -> UInt32 {
        index < components.count ? components[index] : 0
    }

    public static func == (lhs: DottedVersion, rhs: DottedVersion) -> Bool {
        let count = max(lhs.components.count, rhs.components.count)
        return (0..<count).allSatisfy { lhs.component($0) == rhs.component($0) }
    }

    public func hash(into hasher: inout Hasher) {
        var trimmed = components[...]
        while trimmed.last == 0 { trimmed.removeLast() }
        hasher.combine(Array(trimmed))
    }

    public static func < (lhs: DottedVersion, rhs: DottedVersion) -> Bool {
        let count = max(lhs.components.count, rhs.components.count)
        for index in 0..<count where lhs.component(index) != rhs.component(index) {
            return lhs.component(index) < rhs.component(index)
        }
        return false
    }
}
