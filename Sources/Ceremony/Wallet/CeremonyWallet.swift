public import Bitcoin

/// The compromised wallet being swept: a multisig descriptor with key origins and extended public keys, as one
/// multipath descriptor (`<0;1>/*`: receive and change) or as separate receive (`/0/*`) and change (`/1/*`)
/// descriptors. Only the shapes hardware signers co-sign are accepted: `sh(multi)`, `sh(wsh(multi))`, `wsh(multi)`
/// (sorted or not) and `tr(KEY, multi_a)` with one leaf (sorted or not); every cosigner key must be an xpub/tpub with
/// its `[fingerprint/path]` origin and a ranged, unhardened derivation. Checksums are required.
public struct CeremonyWallet: Sendable {
    public enum ScriptKind: String, Sendable {
        case p2sh = "sh(multi)"
        case p2shP2wsh = "sh(wsh(multi))"
        case p2wsh = "wsh(multi)"
        case taproot = "tr(multi_a)"
    }

    /// One cosigner: the master key fingerprint, the path to the account key, and the account key.
    public struct Cosigner: Sendable, Hashable {
        public let fingerprint: Fingerprint
        public let accountPath: DerivationPath
        public let accountKey: ExtendedPublicKey
        /// Derivation steps after the account key for receive and change (e.g. [0] and [1]); change is nil when
        /// the wallet has no change branch.
        public let receiveSteps: [UInt32]
        public let changeSteps: [UInt32]?
    }

    /// The descriptors as given (one multipath, or receive then change), each with its checksum.
    public let descriptors: [Descriptor]
    public let kind: ScriptKind
    public let threshold: Int
    /// Keys are sorted in the script (`sortedmulti`, `sortedmulti_a`).
    public let isSorted: Bool
    /// In descriptor order.
    public let cosigners: [Cosigner]
    /// Mainnet for xpubs, testnet for tpubs (which also serve signet, testnet4 and regtest).
    public let keyNetwork: Network
    private let receive: (descriptor: Descriptor, multipathIndex: Int)
    private let change: (descriptor: Descriptor, multipathIndex: Int)?
    /// The same branches with each cosigner's account key replaced by its branch key (`xpub/0`, `xpub/1`), so an
    /// address costs one derivation per key instead of two; nil when the rewrite does not give identical scripts.
    private let receiveOneStep: Descriptor?
    private let changeOneStep: Descriptor?

    /// Parses the text of a descriptor file: one or two descriptors, one per line; blank lines and lines starting
    /// with `#` are ignored.
    public init(text: String) throws(CeremonyError) {
        try self.init(descriptors: Self.descriptorLines(in: text))
    }

    /// The descriptor lines of a descriptor file (blank lines and `#` comments dropped, spaces trimmed).
    public static func descriptorLines(in text: String) -> [String] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingSpaces }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// One multipath descriptor, or a receive descriptor and an optional change descriptor.
    public init(descriptors texts: [String]) throws(CeremonyError) {
        guard (1...2).contains(texts.count) else {
            throw .unparsable(
                "expected one descriptor (with <0;1>/* for receive and change) or two (receive /0/*, change /1/*), "
                    + "got \(texts.count)")
        }
        var parsed: [Descriptor] = []
        for text in texts {
            do {
                parsed.append(try Descriptor(text, requireChecksum: true))
            } catch {
                throw .unparsable("\(error)")
            }
        }
        descriptors = parsed
        let first = try Self.shape(of: parsed[0])
        kind = first.kind
        threshold = first.threshold
        isSorted = first.sorted
        let multipath = parsed[0].multipathCount
        var changeKeys: [DescriptorKey]?
        if parsed.count == 2 {
            let second = try Self.shape(of: parsed[1])
            changeKeys = second.keys
            guard multipath == 1, parsed[1].multipathCount == 1 else {
                throw .unsupported("with two descriptors, each must have a single path (/0/* and /1/*), not <a;b>")
            }
            guard second.kind == first.kind, second.threshold == first.threshold, second.sorted == first.sorted,
                second.keys.count == first.keys.count
            else { throw .refused("the receive and change descriptors are not the same wallet (script or threshold)") }
            for (receiveKey, changeKey) in zip(first.keys, second.keys) {
                guard receiveKey.origin == changeKey.origin, receiveKey.extendedPublicKey == changeKey.extendedPublicKey
                else {
                    throw .refused(
                        "the receive and change descriptors have different keys: \(receiveKey.origin.map { "\($0)" } ?? "?")"
                    )
                }
            }
            receive = (parsed[0], 0)
            change = (parsed[1], 0)
        } else {
            guard multipath <= 2 else {
                throw .unsupported("a multipath step with \(multipath) paths; expected <receive;change>")
            }
            receive = (parsed[0], 0)
            change = multipath == 2 ? (parsed[0], 1) : nil
        }
        var cosigners: [Cosigner] = []
        var networks: Set<Network> = []
        for (position, key) in first.keys.enumerated() {
            let changeKey = changeKeys?[position]
            let cosigner = try Self.cosigner(key, changeKey: changeKey, hasChange: change != nil)
            networks.insert(cosigner.accountKey.network)
            cosigners.append(cosigner)
        }
        guard networks.count == 1, let network = networks.first else {
            throw .refused("the descriptor mixes mainnet xpubs and testnet tpubs")
        }
        self.cosigners = cosigners
        keyNetwork = network
        receiveOneStep = Self.oneStepDescriptor(receive, cosigners: cosigners, change: false)
        changeOneStep = change.flatMap { Self.oneStepDescriptor($0, cosigners: cosigners, change: true) }
    }

    /// "wsh(sortedmulti)", "tr(multi_a)", ...: the script shape as a descriptor writes it.
    public var shape: String {
        let name = isSorted ? "sorted" : ""
        switch kind {
        case .p2sh: return "sh(\(name)multi)"
        case .p2shP2wsh: return "sh(wsh(\(name)multi))"
        case .p2wsh: return "wsh(\(name)multi)"
        case .taproot: return "tr(\(name)multi_a)"
        }
    }

    /// True when the wallet has a change branch (`<0;1>` or a second descriptor).
    public var hasChange: Bool { change != nil }

    /// The descriptor to show and export: the multipath one, or the receive descriptor.
    public var primaryDescriptor: Descriptor { descriptors[0] }

    /// The scripts and keys of receive (or change) address `index`.
    public func expansion(index: UInt32, change isChange: Bool) throws(CeremonyError) -> DescriptorExpansion {
        let branch: (descriptor: Descriptor, multipathIndex: Int)
        if isChange {
            guard let change else {
                throw .refused("a change output (index \(index)) was listed, but the wallet has no change descriptor")
            }
            branch = changeOneStep.map { ($0, 0) } ?? change
        } else {
            branch = receiveOneStep.map { ($0, 0) } ?? receive
        }
        do {
            return try branch.descriptor.expand(index: index, multipathIndex: branch.multipathIndex)
        } catch {
            throw .refused("cannot derive \(isChange ? "change" : "receive") index \(index): \(error)")
        }
    }

    /// True when `network` writes addresses for keys of this wallet's kind (xpub: mainnet; tpub: every test network).
    public func isCompatible(with network: Network) -> Bool {
        (network == .mainnet) == (keyNetwork == .mainnet)
    }

    /// `branch` with every `[origin]xpub/<steps>/*` rewritten as `[origin/<steps>]branchxpub/*`: the same keys,
    /// origins and scripts with half the derivations. Checked against the original at a few indexes.
    private static func oneStepDescriptor(
        _ branch: (descriptor: Descriptor, multipathIndex: Int), cosigners: [Cosigner], change: Bool
    ) -> Descriptor? {
        var text = branch.descriptor.singlePathText(branch.multipathIndex)
        for cosigner in cosigners {
            guard let steps = change ? cosigner.changeSteps : cosigner.receiveSteps, !steps.isEmpty,
                let branchKey = try? cosigner.accountKey.derive(DerivationPath(steps))
            else { return nil }
            let written =
                "[\(KeyOrigin(fingerprint: cosigner.fingerprint, path: cosigner.accountPath))]"
                + cosigner.accountKey.encoded + "/" + steps.map(String.init).joined(separator: "/") + "/*"
            let origin = KeyOrigin(
                fingerprint: cosigner.fingerprint, path: DerivationPath(cosigner.accountPath.components + steps))
            guard text.contains(written) else { return nil }
            text = text.replacing(written, with: "[\(origin)]\(branchKey.encoded)/*")
        }
        guard let rewritten = try? Descriptor(text) else { return nil }
        for index: UInt32 in [0, 1, 1_000] {
            guard let original = try? branch.descriptor.expand(index: index, multipathIndex: branch.multipathIndex),
                let fast = try? rewritten.expand(index: index), original.scriptPubKey == fast.scriptPubKey,
                original.witnessScript == fast.witnessScript, original.redeemScript == fast.redeemScript,
                original.keys == fast.keys
            else { return nil }
        }
        return rewritten
    }

    // MARK: Shape checks

    private struct Shape {
        let kind: ScriptKind
        let threshold: Int
        let sorted: Bool
        let keys: [DescriptorKey]
    }

    private static func shape(of descriptor: Descriptor) throws(CeremonyError) -> Shape {
        let unsupported = CeremonyError.unsupported(
            "the wallet must be sh(multi), sh(wsh(multi)), wsh(multi) or tr(KEY, multi_a) (sorted or not), got "
                + String(descriptor.text.prefix(40)) + "...")
        switch descriptor.root {
        case .sh(.multi(let threshold, let keys, let sorted)):
            return Shape(kind: .p2sh, threshold: threshold, sorted: sorted, keys: keys)
        case .sh(.wsh(.multi(let threshold, let keys, let sorted))):
            return Shape(kind: .p2shP2wsh, threshold: threshold, sorted: sorted, keys: keys)
        case .wsh(.multi(let threshold, let keys, let sorted)):
            return Shape(kind: .p2wsh, threshold: threshold, sorted: sorted, keys: keys)
        case .tr(let internalKey, .leaf(.multiA(let threshold, let keys, let sorted))?):
            if internalKey.extendedPublicKey != nil || internalKey.isRanged {
                _ = try cosigner(internalKey, changeKey: nil, hasChange: false, role: "the taproot internal key")
            }
            return Shape(kind: .taproot, threshold: threshold, sorted: sorted, keys: keys)
        default:
            throw unsupported
        }
    }

    private static func cosigner(
        _ key: DescriptorKey, changeKey: DescriptorKey?, hasChange: Bool, role: String = "a cosigner key"
    ) throws(CeremonyError) -> Cosigner {
        guard case .extendedPublic(let extended) = key.source else {
            switch key.source {
            case .privateKey, .extendedPrivate:
                throw .refused("\(role) is a private key; a coordinator must only ever see public keys")
            default:
                throw .unsupported("\(role) is a plain public key; each cosigner must be an xpub with its origin")
            }
        }
        guard let origin = key.origin else {
            throw .unsupported(
                "\(role) (\(extended.encoded.prefix(16))...) has no [fingerprint/path] origin; signers need it")
        }
        guard key.wildcard == .unhardened else {
            throw .unsupported("\(role) \(origin) must end in an unhardened /* (one address per index)")
        }
        func steps(_ key: DescriptorKey, branch: Int) throws(CeremonyError) -> [UInt32] {
            var result: [UInt32] = []
            for step in key.steps {
                let value: UInt32
                switch step {
                case .index(let index): value = index
                case .multipath(let values): value = values[min(branch, values.count - 1)]
                }
                guard !DerivationPath.isHardened(value) else {
                    throw .unsupported("\(role) \(origin) has a hardened step after the xpub")
                }
                result.append(value)
            }
            return result
        }
        let receiveSteps = try steps(key, branch: 0)
        var changeSteps: [UInt32]?
        if let changeKey {
            changeSteps = try steps(changeKey, branch: 0)
        } else if hasChange {
            changeSteps = try steps(key, branch: 1)
        }
        return Cosigner(
            fingerprint: origin.fingerprint, accountPath: origin.path, accountKey: extended, receiveSteps: receiveSteps,
            changeSteps: changeSteps)
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
