/// Every device Custos recognises on USB (usb-protocols.md §3). The udev rules in `udev/` cover exactly these
/// rows; a test keeps the two in step.
public enum DeviceRegistry {
    public static let trezorEndpoints = DeviceLink.libusb(interface: 0, inEndpoint: 0x81, outEndpoint: 0x01)
    static let ledgerEndpoints = DeviceLink.libusb(interface: 0, inEndpoint: 0x82, outEndpoint: 0x02)
    static let hidInterfaceZero = DeviceLink.libusb(interface: 0, inEndpoint: nil, outEndpoint: nil)
    static let serialNote =
        "USB-UART bridge also used by unrelated adapters: only the device's own answer can confirm a Jade"

    public static let entries: [SupportedDevice] =
        [
            SupportedDevice(
                vendor: .trezor, name: "Trezor One (HID-era firmware)", vendorID: 0x534c, productID: 0x0001,
                link: trezorEndpoints, wireProtocol: .trezorV1),
            SupportedDevice(
                vendor: .trezor, name: "Trezor firmware (WebUSB)", vendorID: 0x1209, productID: 0x53c1,
                link: trezorEndpoints, wireProtocol: .trezorV1),
            SupportedDevice(
                vendor: .trezor, name: "Trezor bootloader (WebUSB)", vendorID: 0x1209, productID: 0x53c0,
                link: trezorEndpoints, wireProtocol: .trezorV1, isBootloader: true),
            SupportedDevice(
                vendor: .ledger, name: "Ledger", vendorID: 0x2c97, productID: nil, link: ledgerEndpoints,
                wireProtocol: .ledgerAPDU, note: "product ID = model byte (high) and interface bits (low)"),
        ]
        + [0x1b7c, 0x2b7c, 0x3b7c, 0x4b7c].map { productID in
            SupportedDevice(
                vendor: .ledger, name: "Ledger HW.1 / first Nano (legacy)", vendorID: 0x2581,
                productID: UInt16(productID),
                link: hidInterfaceZero, wireProtocol: .legacyLedger, note: "legacy Ledger: listed, not spoken to")
        }
        + [
            SupportedDevice(
                vendor: .coldcard, name: "Coldcard (Mk / Q)", vendorID: 0xd13e, productID: 0xcc10,
                link: hidInterfaceZero,
                wireProtocol: .coldcard),
            SupportedDevice(
                vendor: .bitbox, name: "BitBox02 / BitBox02 Nova", vendorID: 0x03eb, productID: 0x2403,
                link: hidInterfaceZero, wireProtocol: .bitboxU2FHID, note: "model from the product string"),
            SupportedDevice(
                vendor: .keepkey, name: "KeepKey (HID)", vendorID: 0x2b24, productID: 0x0001,
                link: DeviceLink.libusb(interface: 0, inEndpoint: 0x81, outEndpoint: 0x01), wireProtocol: .trezorV1),
            SupportedDevice(
                vendor: .keepkey, name: "KeepKey (WebUSB)", vendorID: 0x2b24, productID: 0x0002,
                link: DeviceLink.libusb(interface: 0, inEndpoint: 0x81, outEndpoint: 0x01), wireProtocol: .trezorV1),
        ]
        + [
            (0x10c4, 0xea60, "CP210x"), (0x1a86, 0x55d4, "CH9102"), (0x0403, 0x6001, "FTDI"), (0x1a86, 0x7523, "CH340"),
            (0x303a, 0x4001, "Espressif native"), (0x303a, 0x1001, "Espressif native"),
        ].map { vendorID, productID, chip in
            SupportedDevice(
                vendor: .jade, name: "Jade (\(chip) serial bridge)", vendorID: UInt16(vendorID),
                productID: UInt16(productID),
                link: .serialBridge, wireProtocol: .jadeSerial, note: serialNote)
        }

    /// The registry row for a device, with its model where the IDs or the product string tell it.
    public static func identify(vendorID: UInt16, productID: UInt16, productString: String? = nil) -> DeviceIdentity? {
        guard let entry = entries.first(where: { $0.matches(vendorID: vendorID, productID: productID) }) else {
            return nil
        }
        var identity = DeviceIdentity(entry: entry, productID: productID, model: nil, isBootloader: entry.isBootloader)
        switch entry.wireProtocol {
        case .ledgerAPDU:
            (identity.model, identity.isBootloader) = ledgerModel(productID: productID)
        case .bitboxU2FHID:
            (identity.model, identity.isBootloader) = bitboxModel(productString: productString)
        default:
            break
        }
        return identity
    }

    /// Ledger: PIDs 0x0000...0x0007 are the legacy/bootloader IDs; otherwise the high byte names the model.
    static func ledgerModel(productID: UInt16) -> (String?, Bool) {
        let legacy: [UInt16: String] = [
            0x0000: "Blue", 0x0001: "Nano S", 0x0004: "Nano X", 0x0005: "Nano S Plus", 0x0006: "Stax", 0x0007: "Flex",
        ]
        if productID <= 0x0007 { return (legacy[productID], true) }
        let models: [UInt8: String] = [
            0x00: "Blue", 0x10: "Nano S", 0x40: "Nano X", 0x50: "Nano S Plus", 0x60: "Stax", 0x70: "Flex",
            0x80: "Apex P",
        ]
        return (models[UInt8(productID >> 8)], false)
    }

    /// BitBox02: the product string names the edition and whether the bootloader runs.
    static func bitboxModel(productString: String?) -> (String?, Bool) {
        switch productString {
        case "BitBox02": return ("BitBox02 Multi", false)
        case "BitBox02BTC": return ("BitBox02 BTC-only", false)
        case "bb02-bootloader": return ("BitBox02 Multi", true)
        case "bb02btc-bootloader": return ("BitBox02 BTC-only", true)
        case "BitBox02 Nova Multi": return ("BitBox02 Nova Multi", false)
        case "BitBox02 Nova BTC-only": return ("BitBox02 Nova BTC-only", false)
        case "BitBox02 Nova Multi bl": return ("BitBox02 Nova Multi", true)
        case "BitBox02 Nova BTC-only bl": return ("BitBox02 Nova BTC-only", true)
        default: return (nil, false)
        }
    }
}
