internal import DeviceTransport
internal import Devices

/// A whole conversation with a hostile device: the first input byte picks the conversation, the rest is what the
/// device sends, in 64-byte reports. Whatever it sends, the session ends with an answer or a typed error, keeps to
/// its limits, and everything the CLI would print from it is free of control characters.
public enum DeviceSessionFuzzTargets {
    enum Conversation: UInt8, CaseIterable {
        /// `custos devices list` on a Trezor: Initialize → Features.
        case trezorDescribe
        /// `custos devices attest` on a Trezor: GetFirmwareHash → FirmwareHash.
        case trezorFirmwareHash
        /// `custos devices list` on a Ledger: GET_APP_AND_VERSION.
        case ledgerDescribe
    }

    static let challenge = [UInt8](repeating: 0xc5, count: 32)

    public static func session(_ bytes: [UInt8]) throws(InvariantFailure) {
        guard let first = bytes.first else { return }
        let conversation = Conversation.allCases[Int(first) % Conversation.allCases.count]
        let device = ScriptedDevice(reports: ReportStream.reports(Array(bytes.dropFirst())))
        guard let outcome = BlockingTask.run({ await converse(conversation, with: device) }) else {
            throw InvariantFailure("the session task ended without an outcome")
        }
        let written = BlockingTask.run({ await device.written }) ?? []
        try InvariantFailure.require(
            written.allSatisfy { $0.count == 64 }, "the host wrote a report that is not 64 bytes")
        if conversation != .ledgerDescribe {
            let acknowledgements = written.filter { $0.starts(with: [0x3f, 0x23, 0x23, 0x00, 27]) }.count
            try InvariantFailure.require(
                acknowledgements <= TrezorSession(transport: device).maximumConfirmations,
                "the host acknowledged \(acknowledgements) button requests")
        }
        switch outcome {
        case .failure(let error):
            try TerminalText.requirePrintable([error.description], "device error")
        case .described(let description):
            try TerminalText.requirePrintable(
                [
                    description.vendor, description.model ?? "", description.firmwareVersion ?? "",
                    description.label ?? "", description.application ?? "",
                ], "device description")
        case .firmwareHash(let hash):
            try InvariantFailure.require(hash.count == 32, "firmware hash of \(hash.count) bytes accepted")
        }
    }

    enum Outcome: Sendable {
        case described(DeviceDescription)
        case firmwareHash([UInt8])
        case failure(DeviceError)
    }

    private static func converse(_ conversation: Conversation, with device: ScriptedDevice) async -> Outcome {
        let deadline = Deadline.after(.seconds(10))
        do {
            switch conversation {
            case .trezorDescribe, .trezorFirmwareHash:
                guard let identity = DeviceRegistry.identify(vendorID: 0x1209, productID: 0x53c1) else {
                    return .failure(.unsupported("the registry lost the Trezor"))
                }
                let session = DeviceSession(identity: identity, transport: device)
                if conversation == .trezorDescribe { return .described(try await session.describe(deadline: deadline)) }
                return .firmwareHash(try await session.firmwareHash(challenge: challenge, deadline: deadline))
            case .ledgerDescribe:
                guard let identity = DeviceRegistry.identify(vendorID: 0x2c97, productID: 0x5011) else {
                    return .failure(.unsupported("the registry lost the Ledger"))
                }
                return .described(
                    try await DeviceSession(identity: identity, transport: device).describe(deadline: deadline))
            }
        } catch {
            return .failure(error)
        }
    }
}
