public import CustosSupport

extension FramingError: CodedFailure {
    public enum Codes {
        public static let report = FailureCode(
            "device.framing.report", .malformed, "A device report breaks its framing (size, marker, sequence, channel)."
        )
        public static let length = FailureCode(
            "device.framing.length", .malformed, "A message declares or needs a length beyond the protocol's maximum.")
        public static let unsupported = FailureCode(
            "device.framing.unsupported", .unsupported, "The device asks for a link feature Custos does not speak.")
    }

    public var code: FailureCode {
        switch self {
        case .badReportSize, .badMarker, .wrongSequence, .wrongChannel: return Codes.report
        case .lengthBeyondMaximum, .messageTooLong: return Codes.length
        case .unsupported: return Codes.unsupported
        }
    }
}

extension ProtobufError: CodedFailure {
    public enum Codes {
        public static let malformed = FailureCode(
            "device.reply.malformed", .malformed, "A device message is not valid protobuf of its expected type.")
    }

    public var code: FailureCode { Codes.malformed }
}
