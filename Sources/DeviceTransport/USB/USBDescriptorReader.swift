internal import CLibUSB
internal import CustosSupport

/// Reads a `libusb_device`'s descriptors into value types. Called only on a `USBHost` or `USBDeviceConnection`
/// thread.
enum USBDescriptorReader {
    static func describe(_ device: OpaquePointer) throws(USBError) -> USBDeviceDescription {
        var descriptor = libusb_device_descriptor()
        try LibUSB.check(libusb_get_device_descriptor(device, &descriptor), "read a device descriptor")
        var ports = [UInt8](repeating: 0, count: 8)
        let portCount = ports.withUnsafeMutableBufferPointer { buffer -> Int32 in
            libusb_get_port_numbers(device, buffer.baseAddress, Int32(buffer.count))
        }
        var description = USBDeviceDescription(
            vendorID: descriptor.idVendor, productID: descriptor.idProduct, deviceRelease: descriptor.bcdDevice,
            deviceClass: descriptor.bDeviceClass, busNumber: libusb_get_bus_number(device),
            address: libusb_get_device_address(device), portPath: portCount > 0 ? Array(ports[..<Int(portCount)]) : [],
            manufacturerStringIndex: descriptor.iManufacturer, productStringIndex: descriptor.iProduct,
            serialNumberStringIndex: descriptor.iSerialNumber)
        description.interfaces = interfaces(of: device)
        return description
    }

    /// Interfaces of the active configuration, or of the first one when the device is unconfigured; empty when
    /// neither can be read (enumeration goes on: the registry can still name the device).
    private static func interfaces(of device: OpaquePointer) -> [USBInterfaceDescription] {
        var configuration: UnsafeMutablePointer<libusb_config_descriptor>?
        if libusb_get_active_config_descriptor(device, &configuration) != 0 || configuration == nil {
            guard libusb_get_config_descriptor(device, 0, &configuration) == 0 else { return [] }
        }
        guard let configuration else { return [] }
        defer { libusb_free_config_descriptor(configuration) }
        var result: [USBInterfaceDescription] = []
        let interfaceCount = Int(configuration.pointee.bNumInterfaces)
        guard let interfaceArray = configuration.pointee.interface else { return [] }
        for index in 0..<interfaceCount {
            let interface = interfaceArray[index]
            guard interface.num_altsetting > 0, let setting = interface.altsetting?.pointee else { continue }
            var endpoints: [USBEndpointDescription] = []
            if let endpointArray = setting.endpoint {
                for endpointIndex in 0..<Int(setting.bNumEndpoints) {
                    let endpoint = endpointArray[endpointIndex]
                    endpoints.append(
                        USBEndpointDescription(
                            address: endpoint.bEndpointAddress,
                            transferType: .init(rawValue: endpoint.bmAttributes & 0x03) ?? .control,
                            maximumPacketSize: endpoint.wMaxPacketSize))
                }
            }
            result.append(
                USBInterfaceDescription(
                    number: setting.bInterfaceNumber, interfaceClass: setting.bInterfaceClass,
                    subclass: setting.bInterfaceSubClass, interfaceProtocol: setting.bInterfaceProtocol,
                    endpoints: endpoints))
        }
        return result
    }

    /// An ASCII string descriptor, nil when the index is 0 or the read fails (a device that cannot give its
    /// strings is still listed). libusb replaces non-ASCII but keeps control bytes, which are escaped: these strings
    /// are printed.
    static func string(_ handle: OpaquePointer, index: UInt8) -> String? {
        guard index != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBufferPointer { bytes -> Int32 in
            libusb_get_string_descriptor_ascii(handle, index, bytes.baseAddress, Int32(bytes.count))
        }
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<Int(min(count, 255))], as: UTF8.self).escapingControlCharacters
    }
}
