public import Bitcoin
public import BitcoinPSBT
internal import CustosCrypto
internal import Secp256k1

/// A multisig test wallet: n cosigners with BIP32 master keys from fixed seeds, a descriptor of one of the script
/// types Custos finalizes, and PSBTs spending fake funding outputs (their transactions exist only here; Bitcoin
/// Core's interpreter needs just the spent outputs).
public struct TestWallet: Sendable {
    public enum Kind: String, CaseIterable, Sendable, CustomStringConvertible {
        case shMulti = "sh(multi)"
        case shSortedMulti = "sh(sortedmulti)"
        case shWshMulti = "sh(wsh(multi))"
        case shWshSortedMulti = "sh(wsh(sortedmulti))"
        case wshMulti = "wsh(multi)"
        case wshSortedMulti = "wsh(sortedmulti)"
        case trMultiA = "tr(multi_a)"
        case trSortedMultiA = "tr(sortedmulti_a)"

        public var description: String { rawValue }

        public var isLegacy: Bool { self == .shMulti || self == .shSortedMulti }
        public var isTaproot: Bool { self == .trMultiA || self == .trSortedMultiA }
    }

    /// BIP341's provably unspendable "nothing up my sleeve" point: no key path.
    public static let unspendableInternalKey = "50929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0"

    public let kind: Kind
    public let threshold: Int
    public let masters: [ExtendedPrivateKey]
    public let descriptor: Descriptor
    public let network: Network = .regtest

    public init(kind: Kind, threshold: Int, keyCount: Int, seed: UInt8 = 1) throws {
        self.kind = kind
        self.threshold = threshold
        masters = try (0..<keyCount).map { index in
            try ExtendedPrivateKey(
                seed: SHA256.hash(Array("custos test cosigner \(seed) \(index)".utf8)), network: .testnet)
        }
        let accountPath = try requireValue(DerivationPath("m/48h/1h/0h/2h"))
        let keys = try masters.map { master in
            "[\(try master.fingerprint)/\(accountPath)]\(try master.derive(accountPath).extendedPublicKey)/<0;1>/*"
        }
        let joined = keys.joined(separator: ",")
        let text: String
        switch kind {
        case .shMulti: text = "sh(multi(\(threshold),\(joined)))"
        case .shSortedMulti: text = "sh(sortedmulti(\(threshold),\(joined)))"
        case .shWshMulti: text = "sh(wsh(multi(\(threshold),\(joined))))"
        case .shWshSortedMulti: text = "sh(wsh(sortedmulti(\(threshold),\(joined))))"
        case .wshMulti: text = "wsh(multi(\(threshold),\(joined)))"
        case .wshSortedMulti: text = "wsh(sortedmulti(\(threshold),\(joined)))"
        case .trMultiA: text = "tr(\(Self.unspendableInternalKey),multi_a(\(threshold),\(joined)))"
        case .trSortedMultiA: text = "tr(\(Self.unspendableInternalKey),sortedmulti_a(\(threshold),\(joined)))"
        }
        descriptor = try Descriptor(text)
    }

    public struct Spend: Sendable {
        public var psbt: PSBT
        /// What each input spends, in input order (for the script interpreter).
        public let spentOutputs: [TransactionOutput]
        public let funding: Transaction
        /// What each input spends, as the descriptor expands it.
        public let expansions: [DescriptorExpansion]
    }

    /// An unsigned PSBT sweeping `inputCount` outputs of this wallet to a P2WPKH destination, at about
    /// `feeRate` sat/vB computed from the finalized size.
    public func sweep(
        inputCount: Int, version: UInt32, feeRate: Int = 10, amount: Int64 = 1_000_000,
        withNonWitnessUTXO: Bool = false
    ) throws -> Spend {
        let expansions = try (0..<inputCount).map {
            try descriptor.expand(index: UInt32($0 / 2), multipathIndex: $0 % 2)
        }
        let fundingInput = TransactionInput(
            previousOutput: OutPoint(
                txid: try requireValue(TransactionID(bytes: SHA256.hash(Array("funding \(kind)".utf8)))), index: 0))
        let funding = Transaction(
            version: 2, inputs: [fundingInput],
            outputs: expansions.enumerated().map {
                TransactionOutput(value: amount + Int64($0.offset), scriptPubKey: $0.element.scriptPubKey)
            })
        let destinationKey = try Secp256k1PrivateKey(bytes: SHA256.hash(Array("safe destination".utf8))).publicKey
        let destination = TransactionOutput(
            value: 0, scriptPubKey: .witnessProgram(version: 0, program: Hash160.hash(destinationKey.compressed)))
        let weight = try requireValue(SpendSize.transactionWeight(inputs: expansions, outputs: [destination]))
        let fee = Int64(SpendSize.virtualSize(weight: weight) * feeRate)
        let total = funding.outputs.reduce(Int64(0)) { $0 + $1.value }
        var output = destination
        output.value = total - fee
        let inputs = (0..<inputCount).map {
            TransactionInput(previousOutput: OutPoint(txid: funding.txid, index: UInt32($0)), sequence: 0xffff_fffd)
        }
        var psbt = try PSBT(
            unsignedTransaction: Transaction(version: 2, inputs: inputs, outputs: [output]), version: version)
        for (index, expansion) in expansions.enumerated() {
            let needsFullTransaction = kind.isLegacy || withNonWitnessUTXO
            psbt.inputs[index].update(
                from: expansion, spentOutput: funding.outputs[index],
                previousTransaction: needsFullTransaction ? funding : nil)
        }
        psbt.global.addExtendedPublicKeys(of: descriptor)
        return Spend(psbt: psbt, spentOutputs: funding.outputs, funding: funding, expansions: expansions)
    }

    /// Cosigner `index`'s copy of `psbt`, signed with that cosigner's key only.
    public func signedCopy(of psbt: PSBT, by index: Int) throws -> PSBT {
        var copy = psbt
        let signer = try TestSigner(masters: [masters[index]])
        let added = try signer.sign(&copy)
        guard added == psbt.inputs.count else { throw TestWalletError.unexpectedSignatureCount(added) }
        return copy
    }
}

public enum TestWalletError: Error {
    case unexpectedSignatureCount(Int)
    case missingValue(String)
}

/// `#require` for support code outside a test function.
func requireValue<T>(_ value: T?, _ what: String = #function) throws -> T {
    guard let value else { throw TestWalletError.missingValue(what) }
    return value
}
