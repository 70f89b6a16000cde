public import BitcoinPSBT
internal import CustosSupport

/// Why a ceremony step refused to act. Each case carries a message that names what was refused (the UTXO, the
/// file, the input, the policy rule); its failure code (`CeremonyError+Codes.swift`) carries the category.
public enum CeremonyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Input that cannot be read as what it claims to be (malformed JSON, a descriptor that does not parse).
    case unparsable(String)
    /// Well-formed input of a kind the ceremony does not handle (a wallet that is not a supported multisig).
    case unsupported(String)
    /// Data that contradicts itself or the wallet (a `prev_tx` that does not match), or a sweep that cannot pay.
    case refused(String)
    /// A rule of the migration policy.
    case policy(PolicyViolation)
    /// A PSBT role (combine, finalize, extract) refused.
    case psbt(PSBTRoleError)

    /// The reason, with control characters escaped: reasons quote what the files said (a field name, a descriptor),
    /// and those files may come from anyone.
    public var description: String {
        switch self {
        case .unparsable(let reason), .unsupported(let reason), .refused(let reason):
            return reason.escapingControlCharacters
        case .policy(let violation): return violation.description.escapingControlCharacters
        case .psbt(let error): return error.description.escapingControlCharacters
        }
    }

    /// True when the input could not be read or is of an unsupported kind (exit 2), false for refusals (exit 1).
    public var isUnparsable: Bool {
        switch self {
        case .unparsable, .unsupported: return true
        case .psbt(let error): return error.isUnsupported
        case .refused, .policy: return false
        }
    }
}
