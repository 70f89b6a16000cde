/// A dotted-decimal version (`2.8.1`), compared numerically component by component; missing trailing components
/// count as zero, so `2.8` equals `2.8.0`.
public struct DottedVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let components: [UInt32]

    /// Accepts 1 to 8 components of at most 9 digits each (no signs, spaces or empty parts).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...8).contains(parts.count) else { return nil }
        var components: [UInt32] = []
        for part in parts {
            guard (1...9).contains(part.utf8.count), part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = UInt32(part)
            else { return nil }
            components.append(value)
        }
        self.components = components
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
        var trimmed = components
        while trimmed.last == 0 { trimmed.removeLast() }
        hasher.combine(trimmed)
    }

    public static func < (lhs: DottedVersion, rhs: DottedVersion) -> Bool {
        let count = max(lhs.components.count, rhs.components.count)
        for index in 0..<count where lhs.component(index) != rhs.component(index) {
            return lhs.component(index) < rhs.component(index)
        }
        return false
    }
}
