public import Bitcoin

/// Why a PSBT role (creator, combiner, signature verifier, finalizer, extractor, converter) refused to act. Every
/// case names what it refused: the file (`source`), the input and the key where they apply.
public enum PSBTRoleError: Error, Equatable, Sendable, CustomStringConvertible {
    case unsupportedVersion(UInt32)
    case missingField(String)
    /// PSBTv2 inputs require both a time-based and a height-based lock time.
    case lockTimeConflict
    case nothingToCombine
    case versionMismatch(source: String, expected: UInt32, found: UInt32)
    case differentTransaction(source: String, expected: TransactionID, found: TransactionID)
    case conflictingValue(source: String, location: PSBTLocation, key: String)
    /// Copies that finalize one input differently (`sources`: every file holding final scripts for it).
    case conflictingFinalScripts(inputIndex: Int, sources: [String])
    /// Data Custos does not support (MuSig2 partial signatures): exit 2.
    case unsupported(String)
    case invalidSignatures([SignatureFailure])
    case incomplete([InputShortfall])
    case notFinalized(inputs: [Int])
    case unknownInputAmount(input: Int)
    case amountOutOfRange(String)
    case outputsExceedInputs(inputTotal: Int64, outputTotal: Int64)
    case feeRateTooHigh(satoshisPerVByte: Int64, limit: Int64)

    public var description: String {
        switch self {
        case .unsupportedVersion(let version): return "PSBT version \(version) is not supported (only 0 and 2)"
        case .missingField(let field): return "missing \(field)"
        case .lockTimeConflict:
            return "the inputs require both a time-based and a height-based lock time; no lock time satisfies them"
        case .nothingToCombine: return "no PSBTs to combine"
        case .versionMismatch(let source, let expected, let found):
            return "\(source): PSBT version \(found) differs from version \(expected) of the first file"
        case .differentTransaction(let source, let expected, let found):
            return "\(source): describes transaction \(found), not \(expected) like the first file"
        case .conflictingValue(let source, let location, let key):
            return "\(source): \(location): conflicting values for key \(key)"
        case .conflictingFinalScripts(let input, let sources):
            return "input \(input): finalized differently in \(sources.joined(separator: ", ")) (different final "
                + "scriptSig or witness); keep the copy you trust"
        case .unsupported(let reason): return "unsupported: \(reason)"
        case .invalidSignatures(let failures):
            let shown = failures.prefix(10).map(\.description)
            let more = failures.count > 10 ? "; and \(failures.count - 10) more" : ""
            return "signature check failed: " + shown.joined(separator: "; ") + more
        case .incomplete(let shortfalls):
            let shown = shortfalls.prefix(10).map(\.description)
            let more = shortfalls.count > 10 ? "; and \(shortfalls.count - 10) more inputs" : ""
            return "cannot finalize: " + shown.joined(separator: "; ") + more
        case .notFinalized(let inputs):
            let list = inputs.prefix(20).map(String.init).joined(separator: ", ")
            return "not finalized: input\(inputs.count == 1 ? "" : "s") \(list)\(inputs.count > 20 ? ", ..." : "")"
        case .unknownInputAmount(let input):
            return "input \(input): the spent amount is unknown (no witness or non-witness UTXO)"
        case .amountOutOfRange(let what): return "\(what) is outside 0...21,000,000 BTC"
        case .outputsExceedInputs(let inputTotal, let outputTotal):
            return "outputs (\(outputTotal) sat) exceed inputs (\(inputTotal) sat)"
        case .feeRateTooHigh(let rate, let limit):
            return "fee rate \(rate) sat/vB is above the \(limit) sat/vB limit"
        }
    }

    /// True for data Custos does not support (exit 2), false for refusals (exit 1).
    public var isUnsupported: Bool {
        if case .unsupported = self { return true }
        return false
    }
}

/// One partial signature that was refused, with where it came from.
public struct SignatureFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Error, Equatable, Sendable, CustomStringConvertible {
        case doesNotVerify
        case highS
        case invalidEncoding(String)
        case sighashMismatch(signature: UInt32, field: UInt32)
        case sighashNotAllowed(UInt32)
        case keyNotInScript
        case missingUTXO
        case nonWitnessUTXORequired
        case scriptMismatch(String)
        case unsupportedScript(String)
        case sighash(String)
        /// MuSig2 partial signatures (BIP373): never counted as signatures.
        case musig2Unsupported
        /// A finalized input whose final scriptSig / witness is not a valid spend of its output.
        case finalScripts(String)
        /// A finalized input of a template Custos cannot check (refused unless finalized inputs are trusted).
        case finalScriptsUncheckable(String)
        /// A signature inside a finalized input's final scripts that was refused.
        indirect case finalSignature(Reason)

        /// True for data Custos does not support (exit 2).
        public var isUnsupported: Bool { self == .musig2Unsupported }

        /// True when the failure is about a finalized input's final scripts.
        public var concernsFinalScripts: Bool {
            switch self {
            case .finalScripts, .finalScriptsUncheckable, .finalSignature: return true
            default: return false
            }
        }

        public var description: String {
            switch self {
            case .doesNotVerify: return "signature does not verify against this input's sighash"
            case .highS: return "high-S signature (not standard; BIP146 requires low S)"
            case .invalidEncoding(let reason): return "invalid signature encoding: \(reason)"
            case .sighashMismatch(let signature, let field):
                return "signature sighash type \(SighashType(rawValue: signature)) differs from the input's "
                    + "PSBT_IN_SIGHASH_TYPE \(SighashType(rawValue: field))"
            case .sighashNotAllowed(let type):
                return "sighash type \(SighashType(rawValue: type)) is not allowed (only ALL/DEFAULT)"
            case .keyNotInScript: return "the key is not in the script this input spends"
            case .missingUTXO: return "the spent output is unknown (no witness or non-witness UTXO)"
            case .nonWitnessUTXORequired:
                return "a witness UTXO was given for a non-segwit output; a non-witness UTXO is required"
            case .scriptMismatch(let reason): return reason
            case .unsupportedScript(let reason): return "unsupported script: \(reason)"
            case .sighash(let reason): return "cannot compute the sighash: \(reason)"
            case .musig2Unsupported:
                return "MuSig2 partial signatures (BIP373) are not supported: they are not counted as signatures"
            case .finalScripts(let reason): return "finalized input refused: \(reason)"
            case .finalScriptsUncheckable(let reason):
                return "finalized with a template Custos cannot check (\(reason)); refused unless --trust-finalized"
            case .finalSignature(let reason): return "finalized input refused: a final signature: \(reason)"
            }
        }
    }

    /// The file the signature came from (set by the combiner).
    public var source: String?
    public let inputIndex: Int
    /// Hex of the public key (33/65 bytes, or 32-byte x-only for taproot); empty when the problem is the input's.
    public let publicKey: String
    public let reason: Reason

    public init(source: String? = nil, inputIndex: Int, publicKey: String, reason: Reason) {
        self.source = source
        self.inputIndex = inputIndex
        self.publicKey = publicKey
        self.reason = reason
    }

    public var description: String {
        let prefix = source.map { "\($0): " } ?? ""
        let key = publicKey.isEmpty ? "" : ", key \(publicKey)"
        return "\(prefix)input \(inputIndex)\(key): \(reason)"
    }
}

/// What an input still lacks before it can be finalized.
public struct InputShortfall: Error, Equatable, Sendable, CustomStringConvertible {
    public let inputIndex: Int
    public let reason: String
    /// Signatures still needed (0 when the problem is not a missing signature).
    public let signaturesNeeded: Int
    /// Keys that could still sign: hex with origin when known.
    public let missingSigners: [String]

    public init(inputIndex: Int, reason: String, signaturesNeeded: Int = 0, missingSigners: [String] = []) {
        self.inputIndex = inputIndex
        self.reason = reason
        self.signaturesNeeded = signaturesNeeded
        self.missingSigners = missingSigners
    }

    public var description: String {
        var text = "input \(inputIndex): \(reason)"
        if !missingSigners.isEmpty { text += "; not yet signed by " + missingSigners.joined(separator: ", ") }
        return text
    }
}
