internal import CustosCrypto
internal import Secp256k1

/// Recursive-descent parser for descriptor text (checksum already removed), enforcing where each expression may
/// appear (BIPs 381-387) and the key rules of each context.
struct DescriptorParser {
    enum Context {
        case top
        case scriptHash
        case witnessScriptHash
        case tapscript
    }

    /// Bitcoin Core's limits: bare multisig of at most 3 keys, P2SH redeem scripts of at most 520 bytes,
    /// CHECKMULTISIG with at most 20 keys (16 outside segwit), multi_a with at most 999.
    static let maximumBareMultisigKeys = 3
    static let maximumScriptElementSize = 520
    static let maximumMultisigKeys = 20
    static let maximumLegacyMultisigKeys = 16
    static let maximumMultiAKeys = 999

    private let characters: [UInt8]
    private var position = 0

    init(_ text: String) {
        characters = Array(text.utf8)
    }

    mutating func parseDescriptor() throws(DescriptorError) -> DescriptorNode {
        let node = try parseScript(.top)
        guard position == characters.count else { throw .syntax("unexpected text after the descriptor") }
        let keys = node.keys
        let multipathCounts = Set(keys.map(\.multipathCount).filter { $0 > 1 })
        guard multipathCounts.count <= 1 else { throw .syntax("multipath specifiers of different lengths") }
        return node
    }

    // MARK: Scripts

    private mutating func parseScript(_ context: Context) throws(DescriptorError) -> DescriptorNode {
        let name = readName()
        guard !name.isEmpty else { throw .syntax("expected a script expression") }
        guard consume("(") else {
            if context == .scriptHash || context == .witnessScriptHash {
                throw .notAllowedHere("\(Self.contextName(context)) takes a script, not a key")
            }
            throw .syntax("expected '(' after \(name)")
        }
        let node: DescriptorNode
        switch name {
        case "sh":
            guard context == .top else { throw .notAllowedHere("sh() is only allowed at the top level") }
            let inner = try parseScript(.scriptHash)
            node = .sh(inner)
            let redeemScript = try DescriptorExpansion.scriptForSizeCheck(inner)
            if let redeemScript, redeemScript.count > Self.maximumScriptElementSize {
                throw .notAllowedHere("P2SH script is \(redeemScript.count) bytes, more than 520")
            }
        case "wsh":
            guard context == .top || context == .scriptHash else {
                throw .notAllowedHere("wsh() is only allowed at the top level or inside sh()")
            }
            node = .wsh(try parseScript(.witnessScriptHash))
        case "pk":
            node = .pk(try parseKey(context))
        case "pkh":
            node = .pkh(try parseKey(context))
        case "wpkh":
            guard context == .top || context == .scriptHash else {
                throw .notAllowedHere("wpkh() is only allowed at the top level or inside sh()")
            }
            node = .wpkh(try parseKey(.witnessScriptHash))
        case "multi", "sortedmulti":
            guard context != .tapscript else { throw .notAllowedHere("\(name)() is not allowed in tapscript") }
            let (threshold, keys) = try parseThresholdAndKeys(context)
            let limit =
                context == .witnessScriptHash
                ? Self.maximumMultisigKeys
                : context == .top ? Self.maximumBareMultisigKeys : Self.maximumLegacyMultisigKeys
            guard keys.count <= limit else {
                throw .notAllowedHere("\(keys.count) keys in \(name)(); at most \(limit) here")
            }
            node = .multi(threshold: threshold, keys: keys, sorted: name == "sortedmulti")
        case "multi_a", "sortedmulti_a":
            guard context == .tapscript else { throw .notAllowedHere("\(name)() is only allowed inside tr()") }
            let (threshold, keys) = try parseThresholdAndKeys(context)
            guard keys.count <= Self.maximumMultiAKeys else { throw .notAllowedHere("more than 999 keys in \(name)()") }
            node = .multiA(threshold: threshold, keys: keys, sorted: name == "sortedmulti_a")
        case "tr":
            guard context == .top else { throw .notAllowedHere("tr() is only allowed at the top level") }
            let internalKey = try parseKey(.tapscript)
            var tree: TapTreeNode?
            if consume(",") {
                tree = try parseTree(depth: 0)
            }
            node = .tr(internalKey: internalKey, tree: tree)
        case "raw":
            guard context == .top else { throw .notAllowedHere("raw() is only allowed at the top level") }
            let hex = readUntilClose()
            guard let bytes = [UInt8](hex: hex) else { throw .syntax("raw() needs hex") }
            node = .raw(Script(bytes))
        case "addr":
            guard context == .top else { throw .notAllowedHere("addr() is only allowed at the top level") }
            let text = readUntilClose()
            guard let address = try? Address(text) else { throw .syntax("invalid address \(text)") }
            node = .addr(address)
        case "combo", "rawtr", "musig", "rawnode", "rawleaf":
            throw .unsupported("\(name)()")
        default:
            throw .unsupported("'\(name)' (miniscript and other fragments)")
        }
        guard consume(")") else { throw .syntax("expected ')' after \(name)(...)") }
        return node
    }

    private mutating func parseTree(depth: Int) throws(DescriptorError) -> TapTreeNode {
        guard depth <= TaprootTree.maximumDepth else { throw .notAllowedHere("taproot tree deeper than 128") }
        if consume("{") {
            let left = try parseTree(depth: depth + 1)
            guard consume(",") else { throw .syntax("expected ',' in taproot tree") }
            let right = try parseTree(depth: depth + 1)
            guard consume("}") else { throw .syntax("expected '}' in taproot tree") }
            return .branch(left, right)
        }
        let leaf = try parseScript(.tapscript)
        switch leaf {
        case .pk, .pkh, .multiA: return .leaf(leaf)
        default: throw .unsupported("this tapscript leaf")
        }
    }

    private mutating func parseThresholdAndKeys(_ context: Context) throws(DescriptorError) -> (Int, [DescriptorKey]) {
        let thresholdText = readToken()
        guard !thresholdText.isEmpty, thresholdText.utf8.count <= 4,
            thresholdText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let threshold = Int(thresholdText)
        else { throw .invalidThreshold("'\(thresholdText)' is not a number") }
        var keys: [DescriptorKey] = []
        while consume(",") {
            keys.append(try parseKey(context))
        }
        guard !keys.isEmpty else { throw .syntax("multisig needs keys") }
        guard threshold >= 1 else { throw .invalidThreshold("must be at least 1") }
        guard threshold <= keys.count else {
            throw .invalidThreshold("\(threshold) is larger than the number of keys (\(keys.count))")
        }
        return (threshold, keys)
    }

    // MARK: Keys

    private mutating func parseKey(_ context: Context) throws(DescriptorError) -> DescriptorKey {
        let text = readToken()
        if position < characters.count && characters[position] == UInt8(ascii: "(") {
            if text.hasSuffix("musig") { throw .unsupported("musig() key aggregation") }
            throw .invalidKey("'\(text)(' is not a key expression")
        }
        guard !text.isEmpty else { throw .invalidKey("missing key") }
        var rest = Substring(text)
        var origin: KeyOrigin?
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { throw .invalidKey("missing ']' in key origin") }
            origin = try Self.parseOrigin(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
        }
        guard !rest.contains("[") && !rest.contains("]") else { throw .invalidKey("misplaced key origin brackets") }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let keyText = parts.first, !keyText.isEmpty else { throw .invalidKey("key origin with no key") }
        let source = try Self.parseKeySource(keyText, context: context)
        var steps: [DescriptorKey.Step] = []
        var wildcard = DescriptorKey.Wildcard.none
        for (offset, part) in parts.dropFirst().enumerated() {
            let isLast = offset == parts.count - 2
            switch part {
            case "*":
                guard isLast else { throw .invalidKey("'*' must be the last step") }
                wildcard = .unhardened
            case "*'", "*h":
                guard isLast else { throw .invalidKey("'*' must be the last step") }
                wildcard = .hardened
            default:
                if part.hasPrefix("<") {
                    guard part.hasSuffix(">"), part.utf8.count > 2 else {
                        throw .invalidKey("malformed multipath step")
                    }
                    let inner = part.dropFirst().dropLast().split(separator: ";", omittingEmptySubsequences: false)
                    var indexes: [UInt32] = []
                    for item in inner {
                        guard let index = DerivationPath.parseComponent(String(item)) else {
                            throw .invalidKey("invalid multipath index '\(item)'")
                        }
                        indexes.append(index)
                    }
                    guard indexes.count >= 2 else { throw .invalidKey("a multipath step needs at least two indexes") }
                    guard Set(indexes).count == indexes.count else { throw .invalidKey("duplicate multipath index") }
                    guard !steps.contains(where: { if case .multipath = $0 { return true } else { return false } })
                    else { throw .invalidKey("more than one multipath step") }
                    steps.append(.multipath(indexes))
                } else {
                    guard let index = DerivationPath.parseComponent(part) else {
                        throw .invalidKey("invalid derivation step '\(part)'")
                    }
                    steps.append(.index(index))
                }
            }
        }
        switch source {
        case .extendedPublic, .extendedPrivate: break
        default:
            guard parts.count == 1 else { throw .invalidKey("only extended keys can have derivation steps") }
        }
        return DescriptorKey(origin: origin, source: source, steps: steps, wildcard: wildcard, keyText: keyText)
    }

    private static func parseOrigin(_ text: Substring) throws(DescriptorError) -> KeyOrigin {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard let fingerprintText = parts.first, fingerprintText.utf8.count == 8,
            let fingerprint = Fingerprint(hex: String(fingerprintText))
        else { throw .invalidKey("key origin fingerprint must be 8 hex digits") }
        var path: [UInt32] = []
        for part in parts.dropFirst() {
            guard let index = DerivationPath.parseComponent(String(part)) else {
                throw .invalidKey("invalid key origin step '\(part)'")
            }
            path.append(index)
        }
        return KeyOrigin(fingerprint: fingerprint, path: DerivationPath(path))
    }

    private static func parseKeySource(
        _ text: String, context: Context
    ) throws(DescriptorError)
        -> DescriptorKey.Source
    {
        let taproot = context == .tapscript
        let segwit = context == .witnessScriptHash || taproot
        if let bytes = [UInt8](hex: text) {
            if bytes.count == 32 {
                guard taproot else { throw .invalidKey("x-only keys are only allowed in tr()") }
                guard let key = try? XOnlyPublicKey(bytes: bytes) else { throw .invalidKey("invalid x-only key") }
                return .xOnly(key)
            }
            guard let key = try? PublicKey(bytes: bytes) else { throw .invalidKey("invalid public key \(text)") }
            if !key.isCompressed && segwit { throw .invalidKey("uncompressed keys are not allowed in segwit scripts") }
            return .publicKey(key)
        }
        if let wif = PrivateKeyWIF(text) {
            if !wif.isCompressed && segwit { throw .invalidKey("uncompressed keys are not allowed in segwit scripts") }
            return .privateKey(wif)
        }
        if text.hasPrefix("xpub") || text.hasPrefix("tpub") {
            do {
                return .extendedPublic(try ExtendedPublicKey(text))
            } catch {
                throw .invalidKey("\(error)")
            }
        }
        if text.hasPrefix("xprv") || text.hasPrefix("tprv") {
            do {
                return .extendedPrivate(try ExtendedPrivateKey(text))
            } catch {
                throw .invalidKey("\(error)")
            }
        }
        throw .invalidKey("'\(text)' is not a key")
    }

    private static func contextName(_ context: Context) -> String {
        switch context {
        case .top: return "top level"
        case .scriptHash: return "sh()"
        case .witnessScriptHash: return "wsh()"
        case .tapscript: return "tr()"
        }
    }

    // MARK: Characters

    private mutating func readName() -> String {
        let start = position
        while position < characters.count {
            let character = characters[position]
            let isLetter = (character >= 97 && character <= 122) || character == 95
            let isDigit = character >= 48 && character <= 57
            guard isLetter || (isDigit && position > start) else { break }
            position += 1
        }
        return String(decoding: characters[start..<position], as: UTF8.self)
    }

    /// Text up to the next ',' ')' '{' or '}' at this level (keys and thresholds).
    private mutating func readToken() -> String {
        let start = position
        while position < characters.count,
            ![",", ")", "(", "{", "}"].contains(Character(UnicodeScalar(characters[position])))
        {
            position += 1
        }
        return String(decoding: characters[start..<position], as: UTF8.self)
    }

    private mutating func readUntilClose() -> String {
        let start = position
        while position < characters.count, characters[position] != UInt8(ascii: ")") {
            position += 1
        }
        return String(decoding: characters[start..<position], as: UTF8.self)
    }

    private mutating func consume(_ character: Character) -> Bool {
        guard position < characters.count, let ascii = character.asciiValue, characters[position] == ascii else {
            return false
        }
        position += 1
        return true
    }
}
