/// A Trezor `Failure`: the device refused or could not do what was asked.
public struct TrezorFailure: Sendable, Equatable {
    /// FailureType (1 UnexpectedMessage, 4 ActionCancelled, 17 InvalidProtocol, ...), nil when absent.
    public var code: UInt32?
    public var message: String?

    /// `Failure_InvalidProtocol`: a THP device answering protocol v1.
    public static let invalidProtocolCode: UInt32 = 17

    public init(code: UInt32?, message: String?) {
        self.code = code
        self.message = message
    }

    public init(decoding payload: [UInt8]) throws(ProtobufError) {
        var reader = ProtobufReader(payload)
        var failure = TrezorFailure(code: nil, message: nil)
        while let (number, value) = try reader.next() {
            switch number {
            case 1: failure.code = try value.uint32(field: "code")
            case 2: failure.message = try value.string(field: "message")
            default: continue
            }
        }
        self = failure
    }
}

/// A Trezor `ButtonRequest`: the device waits for the user to confirm on its screen.
public struct TrezorButtonRequest: Sendable, Equatable {
    public var code: UInt32?

    public init(decoding payload: [UInt8]) throws(ProtobufError) {
        var reader = ProtobufReader(payload)
        code = nil
        while let (number, value) = try reader.next() {
            if number == 1 { code = try value.uint32(field: "code") }
        }
    }
}

/// Decodes `FirmwareHash.hash` (field 1, required, 32 bytes).
enum TrezorFirmwareHashReply {
    static func hash(decoding payload: [UInt8]) throws(ProtobufError) -> [UInt8] {
        var reader = ProtobufReader(payload)
        var hash: [UInt8]?
        while let (number, value) = try reader.next() {
            if number == 1 { hash = try value.data(field: "hash") }
        }
        guard let hash else { throw .missingRequiredField("hash") }
        return hash
    }
}

/// Encodings of the requests Custos sends.
public enum TrezorRequests {
    /// `Initialize` with no fields: starts a fresh session.
    public static func initialize() -> [UInt8] {
        []
    }

    /// `GetFirmwareHash { challenge = 1 }`.
    public static func getFirmwareHash(challenge: [UInt8]) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.data(1, challenge)
        return writer.bytes
    }

    /// Decodes a `GetFirmwareHash` payload back to its challenge (used to read the challenge a transcript expects).
    public static func challenge(inGetFirmwareHash payload: [UInt8]) throws(ProtobufError) -> [UInt8] {
        var reader = ProtobufReader(payload)
        var challenge: [UInt8] = []
        while let (number, value) = try reader.next() {
            if number == 1 { challenge = try value.data(field: "challenge") }
        }
        return challenge
    }
}
