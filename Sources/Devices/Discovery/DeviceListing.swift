public import DeviceTransport

/// One supported device found on a bus or at an emulator address, with whether Custos can use it and why not.
public struct DeviceListing: Sendable {
    public enum Status: String, Sendable {
        /// Opened and answered.
        case ready
        /// Present but Custos cannot use it now (permissions, busy, no answer): `reason` says why and what to do.
        case unusable
        /// A serial bridge that may or may not be a Jade.
        case unconfirmed
        /// Recognised; Custos does not speak its protocol yet.
        case unsupported
    }

    /// `usb:001:011`, `udp:127.0.0.1:21324`, `replay:FILE`.
    public var locator: String
    /// What the listing shows as the device: the registry row's name on USB (the IDs tell it), what answered
    /// elsewhere ("Trezor emulator (UDP)", "unidentified peer (UDP)").
    public var name: String
    public var identity: DeviceIdentity
    public var usb: USBDeviceDescription?
    public var strings: USBDeviceStrings
    public var status: Status
    public var reason: String?
    public var description: DeviceDescription?

    public init(
        locator: String, name: String? = nil, identity: DeviceIdentity, usb: USBDeviceDescription? = nil,
        strings: USBDeviceStrings = USBDeviceStrings(), status: Status, reason: String? = nil,
        description: DeviceDescription? = nil
    ) {
        self.locator = locator
        self.name = name ?? identity.entry.name
        self.identity = identity
        self.usb = usb
        self.strings = strings
        self.status = status
        self.reason = reason
        self.description = description
    }
}
