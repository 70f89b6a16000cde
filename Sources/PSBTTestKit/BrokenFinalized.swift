internal import Bitcoin
public import BitcoinPSBT
internal import CustosCrypto
internal import Secp256k1

/// A corpus of finalized inputs that must not be accepted, each one a valid 2-of-3 spend finalized by Custos and
/// then broken in one known way (or signed with a hash type other than ALL/DEFAULT). Written under
/// Vectors/psbt/broken-finalized/ by the PSBT tests; every command must refuse each of them.
public enum BrokenFinalized {
    /// The wallet kinds covered: legacy P2SH, P2SH-P2WSH, P2WSH and taproot `sortedmulti_a` script path.
    public static let kinds: [TestWallet.Kind] = [.shMulti, .shWshSortedMulti, .wshSortedMulti, .trSortedMultiA]

    /// One way to break a finalized input.
    public enum Breakage: String, CaseIterable, Sendable {
        case badSignature = "bad-signature"
        case wrongScript = "wrong-script"
        case tooFewSignatures = "too-few-signatures"
        case sighashNone = "sighash-none"
        case sighashSingle = "sighash-single"
        case sighashAllAnyoneCanPay = "sighash-all-anyonecanpay"
        case swappedItems = "swapped-items"
        case extraItem = "extra-item"

        public var what: String {
            switch self {
            case .badSignature: return "one bit of the first signature flipped"
            case .wrongScript: return "the revealed script replaced by another wallet's (same shape, other keys)"
            case .tooFewSignatures: return "one of the two signatures removed"
            case .sighashNone: return "both cosigners signed with SIGHASH_NONE (valid, but lets anyone change outputs)"
            case .sighashSingle: return "both cosigners signed with SIGHASH_SINGLE"
            case .sighashAllAnyoneCanPay: return "both cosigners signed with SIGHASH_ALL|ANYONECANPAY"
            case .swappedItems: return "the two signatures swapped in the stack"
            case .extraItem: return "an extra empty item at the bottom of the stack"
            }
        }

        /// A valid spend refused only for its hash type: `--allow-sighash` accepts it.
        public var isHashTypeOnly: Bool {
            self == .sighashNone || self == .sighashSingle || self == .sighashAllAnyoneCanPay
        }

        var hashType: UInt32? {
            switch self {
            case .sighashNone: return SighashType.none.rawValue
            case .sighashSingle: return SighashType.single.rawValue
            case .sighashAllAnyoneCanPay: return SighashType.allAnyoneCanPay.rawValue
            default: return nil
            }
        }
    }

    public struct Case: Sendable {
        /// `<kind>-<breakage>`, the file name without `.psbt`.
        public let name: String
        public let kind: TestWallet.Kind
        public let breakage: Breakage
        /// The broken finalized PSBT.
        public let psbt: PSBT
        /// The same transaction unsigned (the copy a combine pairs it with).
        public let unsigned: PSBT
        /// True when Bitcoin Core's consensus rules accept the spend (only Custos's stricter rules refuse it:
        /// the hash type, or the extra item of a legacy P2SH spend, which only standardness forbids).
        public let consensusValid: Bool
    }

    /// Every case: each kind with each breakage.
    public static func corpus() throws -> [Case] {
        var cases: [Case] = []
        for (number, kind) in kinds.enumerated() {
            let wallet = try TestWallet(kind: kind, threshold: 2, keyCount: 3, seed: UInt8(90 + number))
            let other = try TestWallet(kind: kind, threshold: 2, keyCount: 3, seed: UInt8(100 + number))
            let spend = try wallet.sweep(inputCount: 1, version: 0)
            let valid = try finalized(wallet, spend.psbt, hashType: nil)
            let otherScript = try stack(
                of: try finalized(
                    other, try other.sweep(inputCount: 1, version: 0).psbt,
                    hashType: nil), kind: kind)
            for breakage in Breakage.allCases {
                var psbt: PSBT
                if let hashType = breakage.hashType {
                    psbt = try finalized(wallet, spend.psbt, hashType: hashType)
                } else {
                    psbt = valid
                    var items = try stack(of: psbt, kind: kind)
                    try breakage.apply(to: &items, kind: kind, otherItems: otherScript)
                    try setStack(items, of: &psbt, kind: kind)
                }
                let consensusValid = breakage.isHashTypeOnly || (breakage == .extraItem && kind.isLegacy)
                cases.append(
                    Case(
                        name: "\(fileStem(kind))-\(breakage.rawValue)", kind: kind, breakage: breakage, psbt: psbt,
                        unsigned: spend.psbt, consensusValid: consensusValid))
            }
        }
        return cases
    }

    /// The valid finalized spend of `kind` that the corpus breaks (what Custos must accept).
    public static func valid(_ kind: TestWallet.Kind) throws -> PSBT {
        let number = try requireValue(kinds.firstIndex(of: kind))
        let wallet = try TestWallet(kind: kind, threshold: 2, keyCount: 3, seed: UInt8(90 + number))
        return try finalized(wallet, try wallet.sweep(inputCount: 1, version: 0).psbt, hashType: nil)
    }

    static func fileStem(_ kind: TestWallet.Kind) -> String {
        switch kind {
        case .shMulti: return "sh-multi"
        case .shSortedMulti: return "sh-sortedmulti"
        case .shWshMulti: return "sh-wsh-multi"
        case .shWshSortedMulti: return "sh-wsh-sortedmulti"
        case .wshMulti: return "wsh-multi"
        case .wshSortedMulti: return "wsh-sortedmulti"
        case .trMultiA: return "tr-multi_a"
        case .trSortedMultiA: return "tr-sortedmulti_a"
        }
    }

    /// Cosigners 0 and 1 sign (with `hashType`, ALL/DEFAULT when nil) and Custos finalizes.
    private static func finalized(_ wallet: TestWallet, _ unsigned: PSBT, hashType: UInt32?) throws -> PSBT {
        var psbt = unsigned
        for index in 0..<2 {
            var signer = try TestSigner(masters: [wallet.masters[index]])
            if let hashType {
                signer.hashType = hashType
                signer.taprootHashType = hashType
            }
            try signer.sign(&psbt)
        }
        return try PSBTFinalizer.finalize(psbt, verifier: PartialSignatureVerifier(allowAnySighash: hashType != nil))
    }

    /// The items the input's script consumes: the witness (segwit) or the scriptSig's pushes (legacy P2SH).
    static func stack(of psbt: PSBT, kind: TestWallet.Kind) throws -> [[UInt8]] {
        let input = psbt.inputs[0]
        if kind.isLegacy {
            let operations = try requireValue(input.finalScriptSig?.operations)
            return operations.map { $0.data.map(Array.init) ?? [] }
        }
        return try requireValue(input.finalScriptWitness)
    }

    static func setStack(_ items: [[UInt8]], of psbt: inout PSBT, kind: TestWallet.Kind) throws {
        if kind.isLegacy {
            var scriptSig = Script()
            for item in items { scriptSig.appendPush(item) }
            psbt.inputs[0].finalize(scriptSig: scriptSig, witness: nil)
        } else {
            psbt.inputs[0].finalize(scriptSig: psbt.inputs[0].finalScriptSig, witness: items)
        }
    }
}

extension BrokenFinalized.Breakage {
    /// Positions of the signatures in a finalized 2-of-3 stack.
    fileprivate static func signaturePositions(_ items: [[UInt8]], kind: TestWallet.Kind) -> [Int] {
        if kind.isTaproot { return items.indices.dropLast(2).filter { !items[$0].isEmpty } }
        return Array(items.indices.dropFirst().dropLast())
    }

    fileprivate func apply(to items: inout [[UInt8]], kind: TestWallet.Kind, otherItems: [[UInt8]]) throws {
        let signatures = Self.signaturePositions(items, kind: kind)
        guard signatures.count == 2 else { throw TestWalletError.unexpectedSignatureCount(signatures.count) }
        switch self {
        case .badSignature:
            let position = signatures[0]
            if kind.isTaproot {
                items[position][10] ^= 0x01
            } else {
                let signature = items[position]
                let parsed = try ECDSASignature(der: signature.dropLast())
                items[position] = try SignatureTampering.flippedR(parsed).der + [try requireValue(signature.last)]
            }
        case .wrongScript:
            // The script is the last item (ECDSA) or the one before the control block (taproot).
            let position = kind.isTaproot ? items.count - 2 : items.count - 1
            items[position] = otherItems[kind.isTaproot ? otherItems.count - 2 : otherItems.count - 1]
        case .tooFewSignatures:
            if kind.isTaproot {
                items[signatures[1]] = []
            } else {
                items.remove(at: signatures[1])
            }
        case .swappedItems:
            items.swapAt(signatures[0], signatures[1])
        case .extraItem:
            items.insert([], at: 0)
        case .sighashNone, .sighashSingle, .sighashAllAnyoneCanPay:
            break
        }
    }
}
