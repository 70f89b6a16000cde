public import Bitcoin
public import BitcoinPSBT
internal import CustosCrypto
public import Secp256k1

/// A software signer for tests, benchmarks and demo data: plays a cosigner's hardware device. It signs every input it holds a key for, with
/// RFC 6979 ECDSA (BIP143 or legacy sighash) or BIP340 Schnorr for taproot script paths, using Custos's sighash
/// code; Bitcoin Core's script interpreter (py-bitcoinkernel) later judges the result independently.
public struct TestSigner: Sendable {
    /// Private keys by their compressed public key.
    private var keys: [[UInt8]: Secp256k1PrivateKey] = [:]
    /// Master keys for BIP32 derivations recorded in the PSBT.
    private var masters: [Fingerprint: ExtendedPrivateKey] = [:]
    public var hashType: UInt32 = SighashType.all.rawValue
    /// Taproot hash type (DEFAULT gives 64-byte signatures).
    public var taprootHashType: UInt32 = SighashType.default.rawValue

    public init(privateKeys: [Secp256k1PrivateKey] = [], masters: [ExtendedPrivateKey] = []) throws {
        for key in privateKeys {
            keys[try key.publicKey.compressed] = key
        }
        for master in masters {
            self.masters[try master.fingerprint] = master
        }
    }

    /// The private key for a public key (33-byte or x-only), from the loaded keys or by derivation.
    private func privateKey(for publicKey: [UInt8], origin: KeyOrigin?) throws -> Secp256k1PrivateKey? {
        if publicKey.count == 33, let key = keys[publicKey] { return key }
        if publicKey.count == 32, let key = keys.first(where: { $0.key.dropFirst().elementsEqual(publicKey) })?.value {
            return key
        }
        guard let origin, let master = masters[origin.fingerprint] else { return nil }
        let derived = try master.derive(origin.path)
        let point = try derived.privateKey.publicKey
        let matches = publicKey.count == 32 ? point.xOnly.bytes == publicKey : point.compressed == publicKey
        return matches ? derived.privateKey : nil
    }

    /// Signs every input of `psbt` this signer holds a key for and can check; returns the number of signatures
    /// added.
    @discardableResult
    public func sign(_ psbt: inout PSBT) throws -> Int {
        let transaction = try psbt.unsignedTransaction()
        let hasher = try SignatureHasher(transaction: transaction, spentOutputs: psbt.spentOutputs(in: transaction))
        var added = 0
        for index in psbt.inputs.indices where !psbt.inputs[index].isFinalized {
            let input = psbt.inputs[index]
            // Like Bitcoin Core's signer, leave inputs it cannot check (missing or mismatched UTXO data) unsigned.
            guard let spend = try? InputSpend(psbt: psbt, index: index, transaction: transaction) else { continue }
            switch spend.kind {
            case .legacy(let scriptCode), .segwitV0(let scriptCode):
                let candidates =
                    input.bip32Derivations.map { ($0.publicKey, Optional($0.origin)) }
                    + keys.keys.map { ($0, KeyOrigin?.none) }
                var signed: Set<[UInt8]> = []
                for (publicKey, origin) in candidates
                where !signed.contains(publicKey) && spend.canSign(with: publicKey) {
                    guard let key = try privateKey(for: publicKey, origin: origin) else { continue }
                    let digest: [UInt8]
                    if case .legacy = spend.kind {
                        digest = hasher.legacy(inputIndex: index, scriptCode: scriptCode, hashType: hashType)
                    } else {
                        digest = try hasher.segwitV0(
                            inputIndex: index, scriptCode: scriptCode, amount: spend.spentOutput.value,
                            hashType: hashType)
                    }
                    let signature = try key.signECDSA(digest: digest).der + [UInt8(hashType)]
                    psbt.inputs[index].addPartialSignature(
                        publicKey: try PublicKey(bytes: publicKey), signature: signature)
                    signed.insert(publicKey)
                    added += 1
                }
            case .taproot:
                for leaf in spend.leaves {
                    guard let multisig = leaf.multisig else { continue }
                    for xOnly in multisig.publicKeys {
                        let origin = input.tapBIP32Derivations.first { $0.xOnlyKey == xOnly }?.origin
                        guard let key = try privateKey(for: xOnly, origin: origin) else { continue }
                        let digest = try hasher.taproot(
                            inputIndex: index, hashType: taprootHashType, leafHash: leaf.hash)
                        var signature = try key.signSchnorr(
                            message: digest, auxiliaryRandomness: [UInt8](repeating: 0, count: 32))
                        if taprootHashType != 0 { signature.append(UInt8(taprootHashType)) }
                        psbt.inputs[index].addTapScriptSignature(
                            xOnlyKey: xOnly, leafHash: leaf.hash, signature: signature)
                        added += 1
                    }
                }
            }
        }
        return added
    }
}
