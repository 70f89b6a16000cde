public import CustosSupport

// Bytes that break the device's protocol make its answer unusable (exit 2); link problems and the device's own
// refusals mean the check could not be made (exit 1).
extension DeviceError: CodedFailure {
    public enum Codes {
        public static let incomplete = FailureCode(
            "device.reply.incomplete", .environment, "The device stopped in the middle of a message and timed out.")
        public static let unexpected = FailureCode(
            "device.reply.unexpected", .malformed, "The device answered with another message than the protocol expects."
        )
        public static let refused = FailureCode("device.refused", .refused, "The device answered Failure.")
        public static let userAction = FailureCode(
            "device.user-action", .environment, "The device waits for something Custos does not provide (PIN).")
        public static let confirmations = FailureCode(
            "device.confirmations", .environment, "The device asked for more confirmations than Custos gives.")
        public static let ledgerStatus = FailureCode(
            "device.ledger-status", .refused, "A Ledger answered with a status word other than success.")
        public static let unsupported = FailureCode(
            "device.unsupported", .unsupported, "The device, its mode or protocol is not supported for this operation.")
        public static let emulatorRefused = FailureCode(
            "device.emulator.refused", .environment, "Nothing listens at the emulator's address (the port refused).")
        public static let emulatorSilent = FailureCode(
            "device.emulator.silent", .environment,
            "Nothing answered the emulator probe in time, or something other than an emulator answered.")
    }

    public var code: FailureCode {
        switch self {
        case .cannotOpen(let error): return error.code
        case .transport(let error): return error.code
        case .framing(let error): return error.code
        case .stoppedMidMessage: return Codes.incomplete
        case .malformed(_, let error): return error.code
        case .unexpectedReply: return Codes.unexpected
        case .deviceFailure: return Codes.refused
        case .needsUserAction: return Codes.userAction
        case .tooManyConfirmations: return Codes.confirmations
        case .ledgerStatus: return Codes.ledgerStatus
        case .unsupported: return Codes.unsupported
        case .emulatorNotReady(.refused): return Codes.emulatorRefused
        case .emulatorNotReady(.failed(_, let error)): return error.code
        case .emulatorNotReady: return Codes.emulatorSilent
        }
    }

    public var context: [(key: String, value: String)] {
        switch self {
        case .transport(let error): return error.context
        default: return []
        }
    }
}
