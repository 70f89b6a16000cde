/// One check of `custos doctor`: what was looked at, whether it is fine, and how to fix it when not.
public struct DoctorFinding: Sendable, Equatable {
    public var check: String
    public var ok: Bool
    public var detail: String
    public var fix: String?
}

/// What the doctor reads of the machine; tests substitute their own.
public protocol DoctorSystem: Sendable {
    /// libusb's version, or why it cannot start.
    var libusbStatus: Result<String, USBErrorText> { get }
    func exists(_ path: String) -> Bool
    func readText(_ path: String) -> String?
    func listDirectory(_ path: String) -> [String]
    var isRoot: Bool { get }
    var userName: String { get }
    var groupNames: [String] { get }
    var plugdevGroupExists: Bool { get }
    var environment: [String: String] { get }
    /// Supported devices attached now, each with its device node and whether this user can open it.
    var attachedDevices: [(name: String, node: String, accessible: Bool)] { get }
}

/// A libusb failure as text (keeps `DoctorSystem` free of Transport types).
public struct USBErrorText: Error, Sendable, Equatable {
    public var text: String
    public init(_ text: String) { self.text = text }
}

/// `custos doctor`: can this user reach signing devices over USB, and if not, what to do.
public enum Doctor {
    public static let ruleFolders = [
        "/etc/udev/rules.d", "/run/udev/rules.d", "/usr/lib/udev/rules.d", "/lib/udev/rules.d",
    ]
    static let installFix =
        "sudo make udev (from the Custos checkout), or: sudo cp udev/51-custos.rules /etc/udev/rules.d/ && "
        + "sudo udevadm control --reload-rules && sudo udevadm trigger"

    public static func run(on system: some DoctorSystem) -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        switch system.libusbStatus {
        case .success(let version):
            findings.append(DoctorFinding(check: "libusb available", ok: true, detail: "libusb \(version)", fix: nil))
        case .failure(let error):
            findings.append(
                DoctorFinding(
                    check: "libusb available", ok: false, detail: error.text,
                    fix: "install libusb (Debian/Ubuntu: sudo apt-get install libusb-1.0-0)"))
        }
        let busVisible = system.exists("/dev/bus/usb")
        findings.append(
            DoctorFinding(
                check: "USB devices visible", ok: busVisible,
                detail: busVisible
                    ? "/dev/bus/usb present" : "no /dev/bus/usb: this system or container exposes no USB bus",
                fix: busVisible
                    ? nil : "run Custos on the host, or pass the bus into the container (e.g. --device /dev/bus/usb)"))
        findings.append(rulesInstalled(system))
        findings.append(rulesLoaded(system))
        let group = groupMembership(system)
        findings.append(group)
        findings.append(seat(system, groupOK: group.ok))
        return findings
    }

    static func rulesInstalled(_ system: some DoctorSystem) -> DoctorFinding {
        var text = ""
        var files: [String] = []
        for folder in ruleFolders {
            for name in system.listDirectory(folder) where name.hasSuffix(".rules") {
                if let contents = system.readText(folder + "/" + name) {
                    text += contents + "\n"
                    files.append(folder + "/" + name)
                }
            }
        }
        let missing = UdevRules(text: text).uncovered()
        if missing.isEmpty {
            return DoctorFinding(
                check: "udev rules installed", ok: true,
                detail: "every supported device is covered (\(files.count) rule files read)",
                fix: nil)
        }
        return DoctorFinding(
            check: "udev rules installed", ok: false,
            detail: "no rule grants uaccess + plugdev access to: \(missing.prefix(4).joined(separator: ", "))"
                + (missing.count > 4 ? " and \(missing.count - 4) more" : ""),
            fix: installFix)
    }

    static func rulesLoaded(_ system: some DoctorSystem) -> DoctorFinding {
        guard system.exists("/run/udev/control") else {
            return DoctorFinding(
                check: "udev rules loaded", ok: false,
                detail: "udev is not running here (no /run/udev/control), so no rule applies",
                fix: "run Custos on a host with systemd-udevd, or give the container access to the device nodes")
        }
        let blocked = system.attachedDevices.filter { !$0.accessible }
        guard blocked.isEmpty else {
            return DoctorFinding(
                check: "udev rules loaded", ok: false,
                detail: "cannot open \(blocked.map { "\($0.name) at \($0.node)" }.joined(separator: ", "))",
                fix: "sudo udevadm control --reload-rules && sudo udevadm trigger, then unplug and replug the device")
        }
        let detail =
            system.attachedDevices.isEmpty
            ? "udev is running; no supported device attached to check its node"
            : "every attached device node is accessible"
        return DoctorFinding(check: "udev rules loaded", ok: true, detail: detail, fix: nil)
    }

    static func groupMembership(_ system: some DoctorSystem) -> DoctorFinding {
        if system.isRoot {
            return DoctorFinding(check: "plugdev group", ok: true, detail: "running as root: no group needed", fix: nil)
        }
        let fix = "sudo groupadd -f plugdev && sudo usermod -aG plugdev \(system.userName), then log out and back in"
        guard system.plugdevGroupExists else {
            return DoctorFinding(check: "plugdev group", ok: false, detail: "there is no plugdev group", fix: fix)
        }
        let member = system.groupNames.contains("plugdev")
        return DoctorFinding(
            check: "plugdev group", ok: member,
            detail: member ? "\(system.userName) is in plugdev" : "\(system.userName) is not in plugdev",
            fix: member ? nil : fix)
    }

    static func seat(_ system: some DoctorSystem, groupOK: Bool) -> DoctorFinding {
        let environment = system.environment
        let remote = environment["SSH_CONNECTION"] != nil || environment["SSH_TTY"] != nil
        let hasSession = environment["XDG_SESSION_ID"] != nil
        if !remote && hasSession {
            return DoctorFinding(
                check: "active seat", ok: true, detail: "local login session: uaccess grants access on the active seat",
                fix: nil)
        }
        let situation = remote ? "an SSH session" : "no login session (a service or container)"
        return DoctorFinding(
            check: "active seat", ok: groupOK,
            detail: "\(situation): uaccess does not apply, access comes from the plugdev group"
                + (groupOK ? ", which is in place" : ", which is missing"),
            fix: groupOK ? nil : "join plugdev (see above), or run Custos from the desktop session at the device")
    }
}
