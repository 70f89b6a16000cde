import DeviceTransport
import Foundation

/// Writes a usbmon capture (pcap, linktype 220 DLT_USB_LINUX_MMAPPED, little-endian) that umockdev replays to
/// libusb, synthesised from a transcript: each `=>` becomes an interrupt OUT submit + complete, each `<=` an IN
/// submit + complete carrying the report, `!disconnect` an IN completion with status -ENODEV. `!silent` and
/// `!delay` write nothing (umockdev ignores timing; an unanswered read times out at the caller's deadline).
struct UsbmonCapture {
    var busNumber: UInt16 = 1
    var deviceNumber: UInt8 = 2
    var inEndpoint: UInt8 = 0x81
    var outEndpoint: UInt8 = 0x01
    private var records: [[UInt8]] = []
    private var nextURB: UInt64 = 0x1000

    init(busNumber: UInt16 = 1, deviceNumber: UInt8 = 2) {
        self.busNumber = busNumber
        self.deviceNumber = deviceNumber
    }

    /// The string-descriptor reads libusb_get_string_descriptor_ascii makes: language IDs (wLength 4), then the
    /// string in US English (wLength 255). Unrequested ones are skipped by umockdev (standard control requests).
    mutating func addStringDescriptor(index: UInt8, _ text: String) {
        controlIn(setup: [0x80, 0x06, 0x00, 0x03, 0x00, 0x00, 0x04, 0x00], reply: [0x04, 0x03, 0x09, 0x04])
        let utf16 = text.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
        controlIn(
            setup: [0x80, 0x06, index, 0x03, 0x09, 0x04, 0xff, 0x00], reply: [UInt8(2 + utf16.count), 0x03] + utf16)
    }

    mutating func add(_ transcript: Transcript) {
        for entry in transcript.entries {
            switch entry.step {
            case .hostWrites(let report):
                let id = takeURB()
                records.append(
                    record(
                        id: id, event: "S", type: 1, endpoint: outEndpoint, status: -115, length: report.count,
                        data: report))
                records.append(
                    record(
                        id: id, event: "C", type: 1, endpoint: outEndpoint, status: 0, length: report.count, data: []))
            case .deviceSends(let report):
                let id = takeURB()
                records.append(
                    record(id: id, event: "S", type: 1, endpoint: inEndpoint, status: -115, length: 64, data: []))
                records.append(
                    record(
                        id: id, event: "C", type: 1, endpoint: inEndpoint, status: 0, length: report.count, data: report
                    ))
            case .disconnect:
                let id = takeURB()
                records.append(
                    record(id: id, event: "S", type: 1, endpoint: inEndpoint, status: -115, length: 64, data: []))
                records.append(
                    record(id: id, event: "C", type: 1, endpoint: inEndpoint, status: -19, length: 0, data: []))
            case .silence, .delay:
                continue
            }
        }
    }

    var bytes: [UInt8] {
        var output = le32(0xa1b2_c3d4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(65535) + le32(220)
        for record in records {
            output += le32(0) + le32(0) + le32(UInt32(record.count)) + le32(UInt32(record.count)) + record
        }
        return output
    }

    private mutating func takeURB() -> UInt64 {
        nextURB += 1
        return nextURB
    }

    private mutating func controlIn(setup: [UInt8], reply: [UInt8]) {
        let id = takeURB()
        let wLength = Int(setup[6]) | Int(setup[7]) << 8
        records.append(
            record(id: id, event: "S", type: 2, endpoint: 0x80, status: -115, length: wLength, data: [], setup: setup))
        records.append(record(id: id, event: "C", type: 2, endpoint: 0x80, status: 0, length: reply.count, data: reply))
    }

    private func record(
        id: UInt64, event: Character, type: UInt8, endpoint: UInt8, status: Int32, length: Int, data: [UInt8],
        setup: [UInt8]? = nil
    ) -> [UInt8] {
        var header = le64(id) + [UInt8(ascii: event.unicodeScalars.first ?? "S"), type, endpoint, deviceNumber]
        header += le16(busNumber)
        header.append(setup == nil ? 0x2d : 0)  // '-': no setup packet
        header.append(data.isEmpty ? (endpoint & 0x80 != 0 ? 0x3c : 0x3e) : 0)  // '<' / '>': no data
        header += le64(0) + le32(0) + le32(UInt32(bitPattern: status)) + le32(UInt32(length)) + le32(UInt32(data.count))
        header += setup ?? [UInt8](repeating: 0, count: 8)
        header += le32(type == 1 ? 1 : 0) + le32(0) + le32(0) + le32(0)
        return header + data
    }

    private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xff), UInt8(value >> 8)] }
    private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xff) } }
    private func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8((value >> (8 * UInt64($0))) & 0xff) } }
}

/// A umockdev device description (`umockdev-record` format) of one USB device: sysfs path, node, udev properties,
/// text attributes and the binary `descriptors` attribute libusb reads.
struct UmockdevDevice {
    var vendorID: UInt16
    var productID: UInt16
    var busNumber = 1
    var deviceNumber = 2
    var manufacturer = "SatoshiLabs"
    var product = "TREZOR"
    var serial = "CUSTOSDEMO000001"
    /// Interface class 0xFF (vendor, WebUSB) for Trezor; 0x03 for HID devices.
    var interfaceClass: UInt8 = 0xff
    var inEndpoint: UInt8 = 0x81
    var outEndpoint: UInt8 = 0x01

    var sysfsPath: String { "/sys/devices/pci0000:00/0000:00:14.0/usb\(busNumber)/\(busNumber)-1" }

    var descriptors: [UInt8] {
        let device: [UInt8] = [
            0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, UInt8(vendorID & 0xff), UInt8(vendorID >> 8),
            UInt8(productID & 0xff), UInt8(productID >> 8), 0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
        ]
        let configuration: [UInt8] = [0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32]
        let interface: [UInt8] = [0x09, 0x04, 0x00, 0x00, 0x02, interfaceClass, 0x00, 0x00, 0x00]
        let endpoints: [UInt8] = [
            0x07, 0x05, inEndpoint, 0x03, 0x40, 0x00, 0x01, 0x07, 0x05, outEndpoint, 0x03, 0x40, 0x00, 0x01,
        ]
        return device + configuration + interface + endpoints
    }

    var text: String {
        let hex = descriptors.map { String(format: "%02X", $0) }.joined()
        let bus = String(format: "%03d", busNumber)
        let devnum = String(format: "%03d", deviceNumber)
        let ids = (String(format: "%04x", vendorID), String(format: "%04x", productID))
        return """
            P: \(sysfsPath.dropFirst(4))
            N: bus/usb/\(bus)/\(devnum)=\(hex)
            E: DEVNAME=/dev/bus/usb/\(bus)/\(devnum)
            E: DEVTYPE=usb_device
            E: DRIVER=usb
            E: PRODUCT=\(ids.0)/\(ids.1)/100
            E: TYPE=0/0/0
            E: BUSNUM=\(bus)
            E: DEVNUM=\(devnum)
            E: MAJOR=189
            E: MINOR=\(deviceNumber - 1)
            E: SUBSYSTEM=usb
            E: ID_VENDOR_ID=\(ids.0)
            E: ID_MODEL_ID=\(ids.1)
            A: idVendor=\(ids.0)
            A: idProduct=\(ids.1)
            A: bcdDevice=0100
            A: busnum=\(busNumber)
            A: devnum=\(deviceNumber)
            A: speed=12
            A: bConfigurationValue=1
            A: bNumInterfaces= 1
            A: bDeviceClass=00
            A: manufacturer=\(manufacturer)
            A: product=\(product)
            A: serial=\(serial)
            H: descriptors=\(hex)

            """
    }
}
