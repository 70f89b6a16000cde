internal import Bitcoin

/// Finds which cosigner a public key belongs to from a PSBT's global xpubs, once the finalizer has removed the
/// inputs' BIP32 derivations: it derives each account key's receive (`/0/i`) and change (`/1/i`) keys in order of
/// `i` until the key turns up, up to `gapLimit` indexes past the highest one found so far.
struct GlobalKeyIndex {
    static let gapLimit: UInt32 = 1_000

    private struct Branch {
        let key: ExtendedPublicKey
        let origin: KeyOrigin
    }

    private var branches: [Branch] = []
    /// 33-byte and 32-byte (x-only) keys found so far, with their full origin.
    private var known: [[UInt8]: KeyOrigin] = [:]
    private var nextIndex: UInt32 = 0
    private var limit: UInt32 = GlobalKeyIndex.gapLimit

    init(_ extendedKeys: [(key: ExtendedPublicKey, origin: KeyOrigin)]) {
        for (key, origin) in extendedKeys {
            for chain: UInt32 in [0, 1] {
                guard let child = try? key.derive(chain) else { continue }
                branches.append(
                    Branch(key: child, origin: KeyOrigin(fingerprint: origin.fingerprint, path: origin.path + [chain])))
            }
        }
    }

    /// The origin of a 33-byte or x-only key, or nil when no global xpub derives it within the search.
    mutating func origin(of publicKey: [UInt8]) -> KeyOrigin? {
        while known[publicKey] == nil && nextIndex < limit && !branches.isEmpty {
            for branch in branches {
                guard let child = try? branch.key.derive(nextIndex) else { continue }
                let origin = KeyOrigin(fingerprint: branch.origin.fingerprint, path: branch.origin.path + [nextIndex])
                known[child.publicKey.bytes] = origin
                known[Array(child.publicKey.bytes.dropFirst())] = origin
            }
            nextIndex += 1
        }
        guard let origin = known[publicKey] else { return nil }
        if let last = origin.path.components.last, last &+ Self.gapLimit > limit {
            limit = last &+ Self.gapLimit
        }
        return origin
    }
}

extension DerivationPath {
    static func + (lhs: DerivationPath, rhs: [UInt32]) -> DerivationPath {
        DerivationPath(lhs.components + rhs)
    }
}
