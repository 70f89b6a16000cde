internal import CustosSupport
public import DeviceTransport

/// A conversation with one identified device over any `Transport`: who it is, what it runs, and (Trezor) the hash
/// of its installed firmware for a challenge.
public struct DeviceSession: Sendable {
    public let identity: DeviceIdentity
    public let transport: any Transport

    public init(identity: DeviceIdentity, transport: any Transport) {
        self.identity = identity
        self.transport = transport
    }

    /// Asks the device for its vendor, model, firmware version and mode. The texts are the device's own, with control
    /// characters escaped: they are printed, and a hostile device must not drive the terminal (the raw Features
    /// stay in `trezorFeatures`).
    public func describe(deadline: Deadline) async throws(DeviceError) -> DeviceDescription {
        try await query(deadline: deadline).escapingControlCharacters
    }

    private func query(deadline: Deadline) async throws(DeviceError) -> DeviceDescription {
        switch identity.entry.wireProtocol {
        case .trezorV1:
            let features = try await TrezorSession(transport: transport).initialize(deadline: deadline)
            return DeviceDescription(
                vendor: features.vendor ?? identity.vendor.rawValue, model: features.modelCode ?? features.model,
                firmwareVersion: features.firmwareVersion, bootloaderMode: features.bootloaderMode,
                label: features.label, firmwareVendor: features.firmwareVendor, trezorFeatures: features)
        case .ledgerAPDU:
            let app = try await LedgerSession(transport: transport).appAndVersion(deadline: deadline)
            let onDashboard = app.name == "BOLOS"
            return DeviceDescription(
                vendor: "Ledger", model: identity.model, firmwareVersion: onDashboard ? app.version : nil,
                bootloaderMode: identity.isBootloader, application: onDashboard ? nil : "\(app.name) \(app.version)")
        case .coldcard, .bitboxU2FHID:
            throw .unsupported(
                "Custos recognises this \(identity.vendor.rawValue) but cannot query it yet (its link is encrypted)")
        case .jadeSerial:
            throw .unsupported("Jade is reached over a serial port, which Custos does not open yet")
        case .legacyLedger:
            throw .unsupported("legacy Ledger devices are listed but not spoken to")
        }
    }

    /// The device's hash of its installed firmware keyed with `challenge` (Trezor only: GetFirmwareHash).
    public func firmwareHash(challenge: [UInt8], deadline: Deadline) async throws(DeviceError) -> [UInt8] {
        guard identity.vendor == .trezor else {
            throw .unsupported(
                "\(identity.vendor.rawValue) devices offer no firmware-hash challenge; attestation supports Trezor")
        }
        return try await TrezorSession(transport: transport).firmwareHash(challenge: challenge, deadline: deadline)
    }
}
