internal import CustosCrypto
public import Secp256k1

/// A key expression in a descriptor: an optional `[fingerprint/path]` origin, then a hex public key, an x-only
/// key, a WIF private key, or an extended key with derivation steps, an optional `<a;b>` multipath step and an
/// optional `/*` wildcard.
public struct DescriptorKey: Sendable {
    public enum Source: Sendable {
        case publicKey(PublicKey)
        case xOnly(XOnlyPublicKey)
        case privateKey(PrivateKeyWIF)
        case extendedPublic(ExtendedPublicKey)
        case extendedPrivate(ExtendedPrivateKey)
    }

    public enum Step: Sendable, Hashable {
        case index(UInt32)
        /// BIP389 `<a;b;...>`: one index per single-path descriptor.
        case multipath([UInt32])
    }

    public enum Wildcard: Sendable, Hashable {
        case none
        case unhardened
        case hardened
    }

    public let origin: KeyOrigin?
    public let source: Source
    public let steps: [Step]
    public let wildcard: Wildcard
    /// The key itself as written (without origin and steps), for printing the descriptor back.
    let keyText: String

    public var isRanged: Bool { wildcard != .none }

    /// Number of paths of the multipath step (1 without one).
    public var multipathCount: Int {
        for step in steps {
            if case .multipath(let indexes) = step { return indexes.count }
        }
        return 1
    }

    /// The extended public key, when this is an xpub (or an xprv, neutered).
    public var extendedPublicKey: ExtendedPublicKey? {
        switch source {
        case .extendedPublic(let key): return key
        case .extendedPrivate(let key): return try? key.extendedPublicKey
        default: return nil
        }
    }

    /// The origin a PSBT's global xpub entry records for this key: the given origin, or the key's own
    /// fingerprint with an empty path.
    public var extendedKeyOrigin: KeyOrigin? {
        guard let key = extendedPublicKey else { return nil }
        return origin ?? KeyOrigin(fingerprint: key.fingerprint, path: DerivationPath())
    }

    /// Derivation path after the key for one multipath branch and child index.
    func path(multipathIndex: Int, index: UInt32) -> DerivationPath {
        var components: [UInt32] = []
        for step in steps {
            switch step {
            case .index(let value): components.append(value)
            case .multipath(let values): components.append(values[min(multipathIndex, values.count - 1)])
            }
        }
        switch wildcard {
        case .none: break
        case .unhardened: components.append(index)
        case .hardened: components.append(index | DerivationPath.hardenedOffset)
        }
        return DerivationPath(components)
    }

    /// The public key for one multipath branch and child index, with the origin to record for it.
    func derive(
        multipathIndex: Int, index: UInt32
    ) throws(DescriptorError) -> (key: DerivedPublicKey, origin: KeyOrigin?) {
        let relative = path(multipathIndex: multipathIndex, index: index)
        switch source {
        case .publicKey(let key):
            return (.full(key), origin)
        case .xOnly(let key):
            return (.xOnly(key), origin)
        case .privateKey(let wif):
            guard let key = try? wif.publicKey else { throw .invalidKey("cannot compute public key") }
            return (.full(key), origin)
        case .extendedPublic(let extended):
            do {
                let child = try extended.derive(relative)
                return (.full(child.publicKey), fullOrigin(own: extended.fingerprint, relative: relative))
            } catch {
                throw .derivation("\(error) (\(keyText))")
            }
        case .extendedPrivate(let extended):
            do {
                let child = try extended.derive(relative)
                return (.full(try child.publicKey), fullOrigin(own: try extended.fingerprint, relative: relative))
            } catch {
                throw .derivation("\(error)")
            }
        }
    }

    private func fullOrigin(own: Fingerprint, relative: DerivationPath) -> KeyOrigin {
        if let origin { return KeyOrigin(fingerprint: origin.fingerprint, path: origin.path + relative) }
        return KeyOrigin(fingerprint: own, path: relative)
    }

    /// The key expression as text for one multipath branch (nil: keep the `<a;b>` step).
    func text(multipathIndex: Int?) -> String {
        var text = origin.map { "[\($0)]" } ?? ""
        text += keyText
        for step in steps {
            switch step {
            case .index(let value): text += "/" + DerivationPath.describe(value)
            case .multipath(let values):
                if let multipathIndex {
                    text += "/" + DerivationPath.describe(values[min(multipathIndex, values.count - 1)])
                } else {
                    text += "/<" + values.map(DerivationPath.describe).joined(separator: ";") + ">"
                }
            }
        }
        switch wildcard {
        case .none: break
        case .unhardened: text += "/*"
        case .hardened: text += "/*h"
        }
        return text
    }
}

/// A key produced by a descriptor key expression: a full SEC1 key or an x-only key.
enum DerivedPublicKey {
    case full(PublicKey)
    case xOnly(XOnlyPublicKey)

    /// The bytes to put in a script: the SEC1 encoding, or 32 x-only bytes in tapscript.
    func scriptBytes(xOnly: Bool) -> [UInt8] {
        switch self {
        case .full(let key): return xOnly ? key.xOnly.bytes : key.bytes
        case .xOnly(let key): return key.bytes
        }
    }

    var xOnlyKey: XOnlyPublicKey {
        switch self {
        case .full(let key): return key.xOnly
        case .xOnly(let key): return key
        }
    }
}
