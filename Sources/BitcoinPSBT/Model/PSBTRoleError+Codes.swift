public import CustosSupport

// A role's refusal ends a command with exit 1 whatever the case: the PSBT was read, and a rule of the role said no.
extension PSBTRoleError: CodedFailure {
    public enum Codes {
        public static let unsupportedVersion = FailureCode(
            "psbt.version.unsupported", .refused, "A role was asked for a PSBT version other than 0 and 2.")
        public static let missingField = FailureCode(
            "psbt.field.missing", .refused, "A field the role needs is missing from the PSBT.")
        public static let lockTimeConflict = FailureCode(
            "psbt.locktime.conflict", .refused, "The inputs require both a time-based and a height-based lock time.")
        public static let nothingToCombine = FailureCode(
            "psbt.combine.empty", .refused, "No PSBTs were given to combine.")
        public static let versionMismatch = FailureCode(
            "psbt.combine.version-mismatch", .refused, "PSBTs to combine have different PSBT versions.")
        public static let transactionMismatch = FailureCode(
            "psbt.transaction.mismatch", .refused, "PSBTs to combine describe different transactions.")
        public static let conflictingValue = FailureCode(
            "psbt.combine.conflict", .refused, "PSBTs to combine hold different values for the same key.")
        public static let signatureInvalid = FailureCode(
            "psbt.signature.invalid", .refused,
            "A partial signature does not verify, or was refused by a signature rule.")
        public static let incomplete = FailureCode(
            "psbt.finalize.incomplete", .refused, "An input lacks signatures or data it needs to be finalized.")
        public static let notFinalized = FailureCode(
            "psbt.extract.not-finalized", .refused, "A transaction cannot be extracted: inputs are not finalized.")
        public static let amountUnknown = FailureCode(
            "psbt.input.amount-unknown", .refused,
            "An input's spent amount is unknown (no witness or non-witness UTXO).")
        public static let amountRange = FailureCode(
            "psbt.amount.range", .refused, "An amount or a sum of amounts is outside 0 to 21,000,000 BTC.")
        public static let negativeFee = FailureCode(
            "psbt.fee.negative", .refused, "The outputs spend more than the inputs hold.")
        public static let feeRateTooHigh = FailureCode(
            "psbt.fee.rate-too-high", .refused, "The fee rate is above the limit that guards against absurd fees.")
        public static let finalScriptsConflict = FailureCode(
            "psbt.combine.final-scripts-conflict", .refused, "PSBTs to combine finalize one input differently.")
        public static let unsupported = FailureCode(
            "psbt.unsupported", .unsupported, "The PSBT holds data Custos does not support (MuSig2 partial signatures)."
        )
    }

    public var code: FailureCode {
        switch self {
        case .unsupportedVersion: return Codes.unsupportedVersion
        case .missingField: return Codes.missingField
        case .lockTimeConflict: return Codes.lockTimeConflict
        case .nothingToCombine: return Codes.nothingToCombine
        case .versionMismatch: return Codes.versionMismatch
        case .differentTransaction: return Codes.transactionMismatch
        case .conflictingValue: return Codes.conflictingValue
        case .conflictingFinalScripts: return Codes.finalScriptsConflict
        case .unsupported: return Codes.unsupported
        case .invalidSignatures(let failures):
            // Data Custos does not support is not a refusal of the signatures (exit 2, not 1).
            return failures.contains { $0.reason.isUnsupported } ? Codes.unsupported : Codes.signatureInvalid
        case .incomplete: return Codes.incomplete
        case .notFinalized: return Codes.notFinalized
        case .unknownInputAmount: return Codes.amountUnknown
        case .amountOutOfRange: return Codes.amountRange
        case .outputsExceedInputs: return Codes.negativeFee
        case .feeRateTooHigh: return Codes.feeRateTooHigh
        }
    }

    public var context: [(key: String, value: String)] {
        switch self {
        case .versionMismatch(let source, _, _), .differentTransaction(let source, _, _),
            .conflictingValue(let source, _, _):
            return [("file", source)]
        case .unknownInputAmount(let input): return [("input", String(input))]
        default: return []
        }
    }

    /// Each refused signature or unfinished input as its own problem; the error itself otherwise.
    public var problems: [Problem] {
        switch self {
        case .invalidSignatures(let failures): return failures.map(\.problem)
        case .incomplete(let shortfalls): return shortfalls.map(\.problem)
        default: return [problem]
        }
    }
}

extension SignatureFailure: CodedFailure {
    public enum Codes {
        public static let highS = FailureCode(
            "psbt.signature.high-s", .refused, "An ECDSA signature has a high S value (BIP146 requires low S).")
        public static let encoding = FailureCode(
            "psbt.signature.encoding", .refused, "Partial signature bytes are not a valid signature encoding.")
        public static let sighashMismatch = FailureCode(
            "psbt.signature.sighash-mismatch", .refused, "A signature's sighash type differs from the input's field.")
        public static let sighashNotAllowed = FailureCode(
            "psbt.signature.sighash-not-allowed", .refused, "A signature uses a sighash type other than ALL or DEFAULT."
        )
        public static let foreignKey = FailureCode(
            "psbt.signature.foreign-key", .refused, "A signature's key is not in the script the input spends.")
        public static let sighash = FailureCode(
            "psbt.signature.sighash", .refused, "The signature hash of an input cannot be computed.")
        public static let utxoMissing = FailureCode(
            "psbt.input.utxo-missing", .refused,
            "The output an input spends is unknown (no witness or non-witness UTXO).")
        public static let nonWitnessUTXORequired = FailureCode(
            "psbt.input.non-witness-utxo-required", .refused, "A non-segwit input has only a witness UTXO.")
        public static let scriptMismatch = FailureCode(
            "psbt.input.script-mismatch", .refused, "An input's scripts do not match the output it spends.")
        public static let scriptUnsupported = FailureCode(
            "psbt.input.script-unsupported", .refused, "An input spends a script Custos cannot verify.")
        public static let musig2 = FailureCode(
            "psbt.signature.musig2", .unsupported, "MuSig2 partial signatures (BIP373) are not supported.")
        public static let finalScripts = FailureCode(
            "psbt.final-scripts.invalid", .refused, "A finalized input's scripts are not a valid spend of its output.")
        public static let finalScriptsUncheckable = FailureCode(
            "psbt.final-scripts.uncheckable", .refused,
            "A finalized input uses a template Custos cannot check (refused unless finalized inputs are trusted).")
        public static let finalSignature = FailureCode(
            "psbt.final-scripts.signature", .refused, "A signature inside a finalized input's scripts was refused.")
    }

    public var code: FailureCode {
        switch reason {
        case .doesNotVerify: return PSBTRoleError.Codes.signatureInvalid
        case .highS: return Codes.highS
        case .invalidEncoding: return Codes.encoding
        case .sighashMismatch: return Codes.sighashMismatch
        case .sighashNotAllowed: return Codes.sighashNotAllowed
        case .keyNotInScript: return Codes.foreignKey
        case .missingUTXO: return Codes.utxoMissing
        case .nonWitnessUTXORequired: return Codes.nonWitnessUTXORequired
        case .scriptMismatch: return Codes.scriptMismatch
        case .unsupportedScript: return Codes.scriptUnsupported
        case .sighash: return Codes.sighash
        case .musig2Unsupported: return Codes.musig2
        case .finalScripts: return Codes.finalScripts
        case .finalScriptsUncheckable: return Codes.finalScriptsUncheckable
        case .finalSignature: return Codes.finalSignature
        }
    }

    public var context: [(key: String, value: String)] {
        var context: [(key: String, value: String)] = []
        if let source { context.append(("file", source)) }
        context.append(("input", String(inputIndex)))
        if !publicKey.isEmpty { context.append(("key", publicKey)) }
        return context
    }
}

extension InputShortfall: CodedFailure {
    public var code: FailureCode { PSBTRoleError.Codes.incomplete }

    public var context: [(key: String, value: String)] { [("input", String(inputIndex))] }
}

extension PSBTDecodingError: CodedFailure {
    public enum Codes {
        public static let invalid = FailureCode(
            "psbt.encoding", .malformed, "Bytes are not a valid PSBT (BIP174/BIP370 rules, Bitcoin Core's wording).")
    }

    public var code: FailureCode { Codes.invalid }

    public var context: [(key: String, value: String)] { [("location", location.description)] }
}
