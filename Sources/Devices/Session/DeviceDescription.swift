internal import CustosSupport

/// What a device says about itself: the answer of `DeviceSession.describe`.
public struct DeviceDescription: Sendable, Equatable {
    public var vendor: String
    /// "T1B1", "T2T1", "Nano S Plus", ...
    public var model: String?
    /// The installed firmware's version (Ledger: the OS version on the dashboard, else the open app's version).
    public var firmwareVersion: String?
    public var bootloaderMode: Bool
    public var label: String?
    /// Ledger: the open app ("BOLOS" on the dashboard).
    public var application: String?
    /// Who built the installed firmware, as the device says (Trezor Features `fw_vendor`: "SatoshiLabs", "UNSAFE,
    /// DO NOT USE!" for unofficial builds, "EMULATOR" for the emulator).
    public var firmwareVendor: String?
    /// The Trezor Features, when the device is a Trezor.
    public var trezorFeatures: TrezorFeatures?

    public init(
        vendor: String, model: String?, firmwareVersion: String?, bootloaderMode: Bool, label: String? = nil,
        application: String? = nil, firmwareVendor: String? = nil, trezorFeatures: TrezorFeatures? = nil
    ) {
        self.vendor = vendor
        self.model = model
        self.firmwareVersion = firmwareVersion
        self.bootloaderMode = bootloaderMode
        self.label = label
        self.application = application
        self.firmwareVendor = firmwareVendor
        self.trezorFeatures = trezorFeatures
    }
}

extension DeviceDescription {
    /// The description with every text's control characters escaped (`String.escapingControlCharacters`).
    var escapingControlCharacters: DeviceDescription {
        var escaped = self
        escaped.vendor = vendor.escapingControlCharacters
        escaped.model = model?.escapingControlCharacters
        escaped.firmwareVersion = firmwareVersion?.escapingControlCharacters
        escaped.label = label?.escapingControlCharacters
        escaped.application = application?.escapingControlCharacters
        escaped.firmwareVendor = firmwareVendor?.escapingControlCharacters
        return escaped
    }
}
