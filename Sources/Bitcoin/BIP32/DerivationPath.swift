/// A BIP32 derivation path: child indexes from a parent key, hardened ones at or above 2^31.
public struct DerivationPath: Sendable, Hashable, CustomStringConvertible {
    public static let hardenedOffset: UInt32 = 0x8000_0000

    public var components: [UInt32]

    public init(_ components: [UInt32] = []) {
        self.components = components
    }

    /// Parses "m/48'/0h/0h/2h/0/5" (the "m/" prefix is optional; ' and h mark hardened steps).
    public init?(_ text: String) {
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.first == "m" { parts.removeFirst() }
        if parts == [""] { parts = [] }
        var components: [UInt32] = []
        for part in parts {
            guard let index = Self.parseComponent(part) else { return nil }
            components.append(index)
        }
        self.components = components
    }

    /// One step: decimal below 2^31, optionally followed by ' or h.
    static func parseComponent(_ text: String) -> UInt32? {
        var digits = text
        var hardened = false
        if let last = digits.last, last == "'" || last == "h" {
            hardened = true
            digits.removeLast()
        }
        guard !digits.isEmpty, digits.utf8.count <= 10, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let value = UInt32(digits), value < hardenedOffset
        else { return nil }
        return hardened ? value | hardenedOffset : value
    }

    public static func isHardened(_ index: UInt32) -> Bool { index >= hardenedOffset }

    public var isEmpty: Bool { components.isEmpty }

    /// "48h/0h/0h/2h/0/5" (no "m/" prefix; h for hardened, as descriptors print it).
    public var description: String {
        components.map(Self.describe).joined(separator: "/")
    }

    static func describe(_ index: UInt32) -> String {
        isHardened(index) ? "\(index - hardenedOffset)h" : "\(index)"
    }

    public static func + (lhs: DerivationPath, rhs: DerivationPath) -> DerivationPath {
        DerivationPath(lhs.components + rhs.components)
    }
}
