/// Trezor wire message types Custos sends or understands (`messages.proto`).
public enum TrezorMessageType: UInt16, Sendable {
    case initialize = 0
    case ping = 1
    case success = 2
    case failure = 3
    case features = 17
    case pinMatrixRequest = 18
    case cancel = 20
    case buttonRequest = 26
    case buttonAck = 27
    case passphraseRequest = 41
    case getFeatures = 55
    case endSession = 83
    case getFirmwareHash = 88
    case firmwareHash = 89

    /// A readable name for a type number, known or not.
    public static func name(of type: UInt16) -> String {
        if let known = TrezorMessageType(rawValue: type) { return "\(known) (\(type))" }
        return "message type \(type)"
    }
}
