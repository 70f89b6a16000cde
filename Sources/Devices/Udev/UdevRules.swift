/// Reads udev rule files far enough to tell which USB IDs they grant access to, and how.
public struct UdevRules: Sendable {
    /// One rule line that matches a device by vendor (and optionally product) ID.
    public struct Grant: Sendable, Equatable {
        /// "usb", "hidraw" or "tty".
        public var subsystem: String
        public var vendorID: UInt16
        /// nil: every product of the vendor.
        public var productID: UInt16?
        public var grantsSeatUser: Bool
        public var group: String?
        public var mode: String?
        public var line: Int
    }

    public var grants: [Grant]

    public init(text: String) {
        var grants: [Grant] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let vendor = Self.value(of: "idVendor", in: line), let vendorID = UInt16(vendor, radix: 16) else {
                continue
            }
            let subsystem: String
            if line.contains("KERNEL==\"hidraw*\"") || line.contains("SUBSYSTEM==\"hidraw\"") {
                subsystem = "hidraw"
            } else if line.contains("SUBSYSTEM==\"tty\"") || line.contains("KERNEL==\"tty") {
                subsystem = "tty"
            } else if line.contains("SUBSYSTEM==\"usb\"") || line.contains("SUBSYSTEMS==\"usb\"") {
                subsystem = "usb"
            } else {
                continue
            }
            // `ATTRS{idProduct}=="1b7c|2b7c"` is an alternation: one grant per product ID.
            let products: [UInt16?] =
                Self.value(of: "idProduct", in: line).map { value in
                    value.split(separator: "|").map { UInt16($0, radix: 16) }
                } ?? [nil]
            for productID in products {
                grants.append(
                    Grant(
                        subsystem: subsystem, vendorID: vendorID, productID: productID,
                        grantsSeatUser: line.contains("TAG+=\"uaccess\""), group: Self.assignment("GROUP", in: line),
                        mode: Self.assignment("MODE", in: line), line: index + 1))
            }
        }
        self.grants = grants
    }

    /// Whether a line grants `subsystem` access to vendorID:productID for both the seat user (uaccess) and the
    /// plugdev group (SSH sessions, services).
    public func covers(subsystem: String, vendorID: UInt16, productID: UInt16?) -> Bool {
        grants.contains { grant in
            grant.subsystem == subsystem && grant.vendorID == vendorID
                && (grant.productID == nil || grant.productID == productID) && grant.grantsSeatUser
                && grant.group == "plugdev" && grant.mode == "0660"
        }
    }

    /// Registry rows these rules leave without access, as "name (vvvv:pppp)".
    public func uncovered(_ entries: [SupportedDevice] = DeviceRegistry.entries) -> [String] {
        entries.filter { entry in
            let subsystem = entry.link == .serialBridge ? "tty" : "usb"
            return !covers(subsystem: subsystem, vendorID: entry.vendorID, productID: entry.productID)
        }.map { entry in
            "\(entry.name) (\(hex(entry.vendorID)):\(entry.productID.map(hex) ?? "*"))"
        }
    }

    private func hex(_ value: UInt16) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 4 - text.count) + text
    }

    /// The value of `ATTR{key}=="..."` or `ATTRS{key}=="..."`.
    private static func value(of key: String, in line: Substring) -> Substring? {
        for prefix in ["ATTR{\(key)}==\"", "ATTRS{\(key)}==\""] {
            guard let start = line.firstRange(of: prefix)?.upperBound, let end = line[start...].firstIndex(of: "\"")
            else { continue }
            return line[start..<end]
        }
        return nil
    }

    /// The value of `KEY="..."` (an assignment, not a `==` match).
    private static func assignment(_ key: String, in line: Substring) -> String? {
        var search = line[...]
        while let range = search.firstRange(of: "\(key)=\"") {
            let before = range.lowerBound == line.startIndex ? " " : line[line.index(before: range.lowerBound)]
            if before == " " || before == "," || before == "\t" {
                guard let end = line[range.upperBound...].firstIndex(of: "\"") else { return nil }
                return String(line[range.upperBound..<end])
            }
            search = line[range.upperBound...]
        }
        return nil
    }
}
