public import CustosSupport

extension DeviceHashError: CodedFailure {
    public enum Codes {
        public static let challenge = FailureCode(
            "firmware.device-hash.challenge", .refused, "A firmware-hash challenge is longer than the device accepts.")
        public static let imageSize = FailureCode(
            "firmware.device-hash.image-size", .refused, "An image does not fit the firmware area of the device model.")
    }

    public var code: FailureCode {
        switch self {
        case .challengeTooLong: return Codes.challenge
        case .imageLargerThanFlashArea: return Codes.imageSize
        }
    }
}
