/// What enumeration learns about a USB device without opening it: identity, location and descriptors.
public struct USBDeviceDescription: Sendable, Equatable, Hashable {
    public var vendorID: UInt16
    public var productID: UInt16
    /// `bcdDevice`, the device release number.
    public var deviceRelease: UInt16
    public var deviceClass: UInt8
    public var busNumber: UInt8
    public var address: UInt8
    /// Port numbers from the root hub, e.g. [3] or [1, 4].
    public var portPath: [UInt8]
    public var manufacturerStringIndex: UInt8
    public var productStringIndex: UInt8
    public var serialNumberStringIndex: UInt8
    /// Interfaces of the active configuration (alternate setting 0), empty when it could not be read.
    public var interfaces: [USBInterfaceDescription]

    public init(
        vendorID: UInt16, productID: UInt16, deviceRelease: UInt16 = 0, deviceClass: UInt8 = 0, busNumber: UInt8,
        address: UInt8, portPath: [UInt8] = [], manufacturerStringIndex: UInt8 = 0, productStringIndex: UInt8 = 0,
        serialNumberStringIndex: UInt8 = 0, interfaces: [USBInterfaceDescription] = []
    ) {
        self.vendorID = vendorID
        self.productID = productID
        self.deviceRelease = deviceRelease
        self.deviceClass = deviceClass
        self.busNumber = busNumber
        self.address = address
        self.portPath = portPath
        self.manufacturerStringIndex = manufacturerStringIndex
        self.productStringIndex = productStringIndex
        self.serialNumberStringIndex = serialNumberStringIndex
        self.interfaces = interfaces
    }

    /// `usb:BBB:DDD`, the name `custos devices list` prints and `attest` accepts (the same bus/device numbers as
    /// `/dev/bus/usb/BBB/DDD` and lsusb).
    public var locator: String {
        "usb:\(Self.threeDigits(busNumber)):\(Self.threeDigits(address))"
    }

    /// The usbfs node libusb opens: `/dev/bus/usb/BBB/DDD`.
    public var deviceNode: String {
        "/dev/bus/usb/\(Self.threeDigits(busNumber))/\(Self.threeDigits(address))"
    }

    /// `1209:53c1`.
    public var identifier: String {
        "\(Self.fourHex(vendorID)):\(Self.fourHex(productID))"
    }

    static func threeDigits(_ value: UInt8) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, 3 - text.count)) + text
    }

    static func fourHex(_ value: UInt16) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}

/// One interface (alternate setting 0) of a configuration.
public struct USBInterfaceDescription: Sendable, Equatable, Hashable {
    public var number: UInt8
    public var interfaceClass: UInt8
    public var subclass: UInt8
    public var interfaceProtocol: UInt8
    public var endpoints: [USBEndpointDescription]

    public init(
        number: UInt8, interfaceClass: UInt8, subclass: UInt8 = 0, interfaceProtocol: UInt8 = 0,
        endpoints: [USBEndpointDescription]
    ) {
        self.number = number
        self.interfaceClass = interfaceClass
        self.subclass = subclass
        self.interfaceProtocol = interfaceProtocol
        self.endpoints = endpoints
    }
}

/// One endpoint of an interface.
public struct USBEndpointDescription: Sendable, Equatable, Hashable {
    public enum TransferType: UInt8, Sendable {
        case control = 0
        case isochronous = 1
        case bulk = 2
        case interrupt = 3
    }

    public var address: UInt8
    public var transferType: TransferType
    public var maximumPacketSize: UInt16

    public init(address: UInt8, transferType: TransferType, maximumPacketSize: UInt16) {
        self.address = address
        self.transferType = transferType
        self.maximumPacketSize = maximumPacketSize
    }

    public var isInput: Bool { address & 0x80 != 0 }
}

/// The strings a device reports once opened; nil where the device has none or reading it failed.
public struct USBDeviceStrings: Sendable, Equatable {
    public var manufacturer: String?
    public var product: String?
    public var serialNumber: String?

    public init(manufacturer: String? = nil, product: String? = nil, serialNumber: String? = nil) {
        self.manufacturer = manufacturer
        self.product = product
        self.serialNumber = serialNumber
    }
}
