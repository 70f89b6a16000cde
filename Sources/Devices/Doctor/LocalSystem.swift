internal import CustosSupport
public import DeviceTransport
internal import Glibc

/// The machine Custos runs on, as `custos doctor` sees it.
public struct LocalSystem: DoctorSystem {
    public let libusbStatus: Result<String, USBErrorText>
    public let attachedDevices: [(name: String, node: String, accessible: Bool)]
    public let environment: [String: String]

    /// Reads libusb and the attached supported devices (through `host` when libusb started).
    public init(host: USBHost?, hostError: USBError?, devices: [USBDeviceDescription], environment: [String: String]) {
        if host != nil {
            libusbStatus = .success(USBHost.libraryVersion)
        } else {
            libusbStatus = .failure(USBErrorText(hostError?.description ?? "libusb did not start"))
        }
        attachedDevices = devices.compactMap { usb in
            guard let identity = DeviceRegistry.identify(vendorID: usb.vendorID, productID: usb.productID),
                case .libusb = identity.entry.link
            else { return nil }
            let node = usb.deviceNode
            return ("\(identity.entry.name) (\(usb.identifier))", node, access(node, R_OK | W_OK) == 0)
        }
        self.environment = environment
    }

    public func exists(_ path: String) -> Bool {
        LocalFile.exists(path)
    }

    /// A text file such as a udev rules file, or nil when it cannot be read or holds more than 1 MiB.
    public func readText(_ path: String) -> String? {
        guard let bytes = try? LocalFile.contents(of: path, limit: 1 << 20) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func listDirectory(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public var isRoot: Bool { geteuid() == 0 }

    public var userName: String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "uid \(geteuid())" }
        return String(cString: name)
    }

    public var groupNames: [String] {
        var count = getgroups(0, nil)
        guard count > 0 else { return [] }
        var ids = [gid_t](repeating: 0, count: Int(count))
        count = getgroups(count, &ids)
        return ids.prefix(Int(max(0, count))).compactMap { id in
            guard let group = getgrgid(id), let name = group.pointee.gr_name else { return nil }
            return String(cString: name)
        }
    }

    public var plugdevGroupExists: Bool { getgrnam("plugdev") != nil }
}
