public import CustosSupport

extension DoctorFinding {
    public enum Codes {
        public static let libusb = FailureCode("doctor.libusb", .environment, "libusb cannot start on this machine.")
        public static let devicesVisible = FailureCode(
            "doctor.usb-visible", .environment, "No USB bus is visible (a container without the bus, or no devices).")
        public static let seat = FailureCode(
            "doctor.seat", .environment, "The user is not on the active seat, so udev grants no device access.")
        public static let plugdev = FailureCode(
            "doctor.plugdev", .environment, "The plugdev group is missing or the user is not in it.")
        public static let udevInstalled = FailureCode(
            "doctor.udev.installed", .environment, "Custos's udev rules are not installed.")
        public static let udevLoaded = FailureCode(
            "doctor.udev.loaded", .environment, "Attached devices did not get the access the udev rules grant.")
        public static let other = FailureCode("doctor.check", .environment, "A check of `custos doctor` failed.")
    }

    /// The code of this check when it fails.
    public var code: FailureCode {
        switch check {
        case "libusb available": return Codes.libusb
        case "USB devices visible": return Codes.devicesVisible
        case "active seat": return Codes.seat
        case "plugdev group": return Codes.plugdev
        case "udev rules installed": return Codes.udevInstalled
        case "udev rules loaded": return Codes.udevLoaded
        default: return Codes.other
        }
    }

    /// The failed check as a report's problem (nil when it passed), with its fix.
    public var problem: Problem? {
        guard !ok else { return nil }
        var context: [(key: String, value: String)] = [("check", check)]
        if let fix { context.append(("fix", fix)) }
        return Problem(code: code, message: "\(check): \(detail)", context: context)
    }
}
