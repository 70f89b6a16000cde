/// A signing-device vendor.
public enum DeviceVendor: String, Sendable, CaseIterable, Codable {
    case trezor = "Trezor"
    case ledger = "Ledger"
    case coldcard = "Coldcard"
    case bitbox = "BitBox"
    case keepkey = "KeepKey"
    case jade = "Jade"
}

/// The wire protocol a device speaks over its link.
public enum WireProtocol: String, Sendable, Codable {
    case trezorV1 = "trezor-v1"
    case ledgerAPDU = "ledger-apdu"
    case coldcard = "coldcard"
    case bitboxU2FHID = "bitbox02-u2fhid"
    /// Jade's CBOR RPC over a serial port.
    case jadeSerial = "jade-serial"
    /// Ledger HW.1-era devices: listed for the udev rules, not spoken to.
    case legacyLedger = "ledger-hw1"
}

/// How Custos reaches a device.
public enum DeviceLink: Sendable, Equatable {
    /// libusb on the usb-device node: claim `interface`, interrupt endpoints (known ones given; others are taken
    /// from the interface's descriptors).
    case libusb(interface: UInt8, inEndpoint: UInt8?, outEndpoint: UInt8?)
    /// A serial port (`/dev/ttyUSB*`, `/dev/ttyACM*`) of a USB-UART bridge that unrelated adapters also use, so the
    /// identity must be confirmed by the device's own answer before trusting it.
    case serialBridge
}

/// One row of the registry: a USB identity and what Custos knows about it.
public struct SupportedDevice: Sendable, Equatable {
    public var vendor: DeviceVendor
    /// What the row covers, e.g. "Trezor firmware (WebUSB)".
    public var name: String
    public var vendorID: UInt16
    /// nil matches every product ID of the vendor (Ledger's 0x2c97 encodes model and interfaces in it).
    public var productID: UInt16?
    public var link: DeviceLink
    public var wireProtocol: WireProtocol
    public var isBootloader: Bool
    public var note: String?

    public init(
        vendor: DeviceVendor, name: String, vendorID: UInt16, productID: UInt16?, link: DeviceLink,
        wireProtocol: WireProtocol, isBootloader: Bool = false, note: String? = nil
    ) {
        self.vendor = vendor
        self.name = name
        self.vendorID = vendorID
        self.productID = productID
        self.link = link
        self.wireProtocol = wireProtocol
        self.isBootloader = isBootloader
        self.note = note
    }

    public func matches(vendorID: UInt16, productID: UInt16) -> Bool {
        self.vendorID == vendorID && (self.productID == nil || self.productID == productID)
    }
}

/// A registry match for one attached device, with the model worked out from its product ID or product string.
public struct DeviceIdentity: Sendable, Equatable {
    public var entry: SupportedDevice
    public var productID: UInt16
    /// "Nano S Plus", "BitBox02 Nova BTC-only", ...; nil when only the device itself can tell (Trezor Features).
    public var model: String?
    public var isBootloader: Bool

    public var vendor: DeviceVendor { entry.vendor }
}
