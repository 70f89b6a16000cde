/// What an output script (scriptPubKey) pays to, for the standard templates.
public enum OutputType: Sendable, Equatable {
    case payToPubkey(publicKey: [UInt8])
    case payToPubkeyHash(hash: [UInt8])
    case payToScriptHash(hash: [UInt8])
    case payToWitnessPubkeyHash(hash: [UInt8])
    case payToWitnessScriptHash(hash: [UInt8])
    case payToTaproot(outputKey: [UInt8])
    /// A witness program of another version or length (spendable only under future rules).
    case witnessUnknown(version: Int, program: [UInt8])
    /// Bare OP_CHECKMULTISIG.
    case multisig(threshold: Int, publicKeys: [[UInt8]])
    case nullData
    case nonStandard

    public init(_ script: Script) {
        let bytes = script.bytes
        let count = bytes.count
        if count == 25 && bytes[0] == Opcode.opDup && bytes[1] == Opcode.opHash160 && bytes[2] == 20
            && bytes[23] == Opcode.opEqualVerify && bytes[24] == Opcode.opCheckSig
        {
            self = .payToPubkeyHash(hash: Array(bytes[3..<23]))
        } else if count == 23 && bytes[0] == Opcode.opHash160 && bytes[1] == 20 && bytes[22] == Opcode.opEqual {
            self = .payToScriptHash(hash: Array(bytes[2..<22]))
        } else if let (version, program) = script.witnessProgram {
            switch (version, program.count) {
            case (0, 20): self = .payToWitnessPubkeyHash(hash: program)
            case (0, 32): self = .payToWitnessScriptHash(hash: program)
            case (1, 32): self = .payToTaproot(outputKey: program)
            default: self = .witnessUnknown(version: version, program: program)
            }
        } else if (count == 35 && bytes[0] == 33 || count == 67 && bytes[0] == 65)
            && bytes[count - 1] == Opcode.opCheckSig
        {
            self = .payToPubkey(publicKey: Array(bytes[1..<count - 1]))
        } else if count >= 1 && bytes[0] == Opcode.opReturn && Script(bytes.dropFirst()).isPushOnly {
            self = .nullData
        } else if let multisig = MultisigScript(script), multisig.kind == .checkMultisig {
            self = .multisig(threshold: multisig.threshold, publicKeys: multisig.publicKeys)
        } else {
            self = .nonStandard
        }
    }

    /// True for witness outputs of any version.
    public var isWitness: Bool {
        switch self {
        case .payToWitnessPubkeyHash, .payToWitnessScriptHash, .payToTaproot, .witnessUnknown: return true
        default: return false
        }
    }

    /// A short name for reports: p2pkh, p2sh, p2wpkh, p2wsh, p2tr, ...
    public var name: String {
        switch self {
        case .payToPubkey: return "p2pk"
        case .payToPubkeyHash: return "p2pkh"
        case .payToScriptHash: return "p2sh"
        case .payToWitnessPubkeyHash: return "p2wpkh"
        case .payToWitnessScriptHash: return "p2wsh"
        case .payToTaproot: return "p2tr"
        case .witnessUnknown: return "witness_unknown"
        case .multisig: return "multisig"
        case .nullData: return "nulldata"
        case .nonStandard: return "nonstandard"
        }
    }
}

extension Script {
    /// (version, program) when this is a BIP141 witness program: OP_0..OP_16 then one 2-to-40-byte direct push.
    public var witnessProgram: (version: Int, program: [UInt8])? {
        guard bytes.count >= 4, bytes.count <= 42 else { return nil }
        guard let version = Opcode.smallIntegerValue(bytes[0]) else { return nil }
        guard Int(bytes[1]) + 2 == bytes.count else { return nil }
        return (version, Array(bytes[2...]))
    }
}
