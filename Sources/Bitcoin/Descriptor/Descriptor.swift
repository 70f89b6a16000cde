/// An output descriptor (BIP380) in the subset Custos supports: `sh`, `wsh`, `tr`, `pk`, `pkh`, `wpkh`, `multi`,
/// `sortedmulti`, `multi_a`, `sortedmulti_a`, `raw`, `addr`; key origins, ranged `/*`, multipath `<a;b>` and
/// checksums. `combo`, `rawtr`, `musig` and miniscript fragments are refused as `.unsupported`.
public struct Descriptor: Sendable, CustomStringConvertible {
    public let root: DescriptorNode

    /// Parses a descriptor; a `#checksum` suffix, when present, must match. With `requireChecksum` a missing
    /// checksum is refused too (the safe choice for descriptors typed or pasted by people).
    public init(_ text: String, requireChecksum: Bool = false) throws(DescriptorError) {
        var body = text
        if let hash = text.firstIndex(of: "#") {
            body = String(text[..<hash])
            let checksum = String(text[text.index(after: hash)...])
            guard checksum.utf8.count == 8 else {
                throw .invalidChecksum("expected 8 characters after '#', got \(checksum.utf8.count)")
            }
            guard let expected = DescriptorChecksum.compute(body) else { throw .invalidChecksum("invalid characters") }
            guard expected == checksum else { throw .invalidChecksum("mismatch: expected \(expected)") }
        } else if requireChecksum {
            throw .invalidChecksum("missing")
        }
        if let invalid = body.first(where: { character in
            character.utf8.count != 1 || !DescriptorChecksum.inputCharset.contains(character.utf8.first ?? 0)
        }) {
            throw .invalidCharacter(invalid)
        }
        var parser = DescriptorParser(body)
        root = try parser.parseDescriptor()
    }

    public init(root: DescriptorNode) {
        self.root = root
    }

    /// True when the descriptor has a `/*` wildcard (one script per child index).
    public var isRanged: Bool { root.keys.contains { $0.isRanged } }

    /// Number of single-path descriptors a multipath descriptor stands for (1 without `<a;b>`).
    public var multipathCount: Int { root.keys.map(\.multipathCount).max() ?? 1 }

    /// Every extended public key with the origin a PSBT_GLOBAL_XPUB entry records for it.
    public var extendedPublicKeys: [(key: ExtendedPublicKey, origin: KeyOrigin)] {
        root.keys.compactMap { key in
            guard let extended = key.extendedPublicKey, let origin = key.extendedKeyOrigin else { return nil }
            return (extended, origin)
        }
    }

    /// The descriptor text without checksum (keys as written, hardened steps as `h`).
    public var text: String { root.text(multipathIndex: nil) }

    /// The single-path descriptor for one branch of a multipath descriptor.
    public func singlePathText(_ multipathIndex: Int) -> String { root.text(multipathIndex: multipathIndex) }

    /// Text with its checksum.
    public var description: String { text + "#" + (DescriptorChecksum.compute(text) ?? "") }

    /// The scripts and keys for child `index` on multipath branch `multipathIndex`.
    public func expand(index: UInt32 = 0, multipathIndex: Int = 0) throws(DescriptorError) -> DescriptorExpansion {
        guard multipathIndex >= 0, multipathIndex < multipathCount else {
            throw .derivation("multipath index \(multipathIndex) out of range 0..<\(multipathCount)")
        }
        return try DescriptorExpansion(root, index: index, multipathIndex: multipathIndex)
    }
}
