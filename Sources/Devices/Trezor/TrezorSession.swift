public import DeviceTransport

/// A protocol-v1 conversation with a Trezor (or KeepKey): Initialize → Features, GetFirmwareHash → FirmwareHash,
/// with ButtonRequest acknowledged and Failure, PIN and passphrase requests turned into typed errors.
public struct TrezorSession: Sendable {
    public let transport: any Transport
    /// How many on-device confirmations one call may ask for before Custos gives up.
    public var maximumConfirmations = 8

    public init(transport: any Transport) {
        self.transport = transport
    }

    /// Sends one message and returns the device's final reply, acknowledging button requests on the way.
    public func call(
        _ type: TrezorMessageType, payload: [UInt8], deadline: Deadline
    ) async throws(DeviceError)
        -> TrezorV1Message
    {
        try await send(type, payload: payload, deadline: deadline)
        var confirmations = 0
        while true {
            var decoder = TrezorV1Decoder()
            let reply = try await FrameExchange.receive(into: &decoder, over: transport, deadline: deadline)
            switch TrezorMessageType(rawValue: reply.type) {
            case .buttonRequest:
                do {
                    _ = try TrezorButtonRequest(decoding: reply.payload)
                } catch {
                    throw .malformed(message: "ButtonRequest", error)
                }
                confirmations += 1
                guard confirmations <= maximumConfirmations else { throw .tooManyConfirmations(confirmations) }
                try await send(.buttonAck, payload: [], deadline: deadline)
            case .failure:
                let failure: TrezorFailure
                do {
                    failure = try TrezorFailure(decoding: reply.payload)
                } catch {
                    throw .malformed(message: "Failure", error)
                }
                if failure.code == TrezorFailure.invalidProtocolCode {
                    throw .unsupported(
                        "this Trezor speaks the Trezor Host Protocol (THP), which Custos does not support yet")
                }
                throw .deviceFailure(code: failure.code, message: failure.message)
            case .pinMatrixRequest:
                try? await send(.cancel, payload: [], deadline: deadline)
                throw .needsUserAction("the device is locked and asks for its PIN: unlock it, then retry")
            case .passphraseRequest:
                try? await send(.cancel, payload: [], deadline: deadline)
                throw .needsUserAction("the device asks for a passphrase: Custos does not send one")
            default:
                return reply
            }
        }
    }

    /// Starts a session and returns the device's Features.
    public func initialize(deadline: Deadline) async throws(DeviceError) -> TrezorFeatures {
        let reply = try await call(.initialize, payload: TrezorRequests.initialize(), deadline: deadline)
        guard reply.type == TrezorMessageType.features.rawValue else {
            throw .unexpectedReply(expected: "Features", received: TrezorMessageType.name(of: reply.type))
        }
        do {
            return try TrezorFeatures(decoding: reply.payload)
        } catch {
            throw .malformed(message: "Features", error)
        }
    }

    /// Asks for the firmware hash keyed with `challenge` (at most 32 bytes); the answer is 32 bytes.
    public func firmwareHash(challenge: [UInt8], deadline: Deadline) async throws(DeviceError) -> [UInt8] {
        guard challenge.count <= 32 else { throw .unsupported("a firmware-hash challenge has at most 32 bytes") }
        let reply = try await call(
            .getFirmwareHash, payload: TrezorRequests.getFirmwareHash(challenge: challenge), deadline: deadline)
        guard reply.type == TrezorMessageType.firmwareHash.rawValue else {
            throw .unexpectedReply(expected: "FirmwareHash", received: TrezorMessageType.name(of: reply.type))
        }
        let hash: [UInt8]
        do {
            hash = try TrezorFirmwareHashReply.hash(decoding: reply.payload)
        } catch {
            throw .malformed(message: "FirmwareHash", error)
        }
        guard hash.count == 32 else {
            throw .malformed(message: "FirmwareHash", .valueOutOfRange(field: "hash (\(hash.count) bytes, not 32)"))
        }
        return hash
    }

    private func send(_ type: TrezorMessageType, payload: [UInt8], deadline: Deadline) async throws(DeviceError) {
        let reports: [[UInt8]]
        do {
            reports = try TrezorV1Framing.encode(type: type.rawValue, payload: payload)
        } catch {
            throw .framing(error)
        }
        try await FrameExchange.send(reports, over: transport, deadline: deadline)
    }
}
