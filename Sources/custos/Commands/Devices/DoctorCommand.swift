internal import ArgumentParser
internal import CustosSupport
internal import DeviceTransport
internal import Devices

#if canImport(Glibc)
    internal import Glibc
#endif

/// `custos doctor`: can this user reach signing devices over USB? Each problem comes with its fix.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check libusb, udev rules, group membership and seat access, and say how to fix each problem.",
        discussion: "Exit 0 when every check passes, 1 otherwise."
    )

    @Flag(name: .long, help: "Print one JSON document instead of text.")
    var json = false

    func run() async throws {
        var host: USBHost?
        var hostError: USBError?
        var devices: [USBDeviceDescription] = []
        do {
            let started = try USBHost()
            host = started
            devices = (try? await started.devices()) ?? []
        } catch {
            hostError = error
        }
        let system = LocalSystem(host: host, hostError: hostError, devices: devices, environment: Self.environment())
        let findings = Doctor.run(on: system)
        if json {
            let items = findings.map { finding in
                JSONText.object([
                    ("check", JSONWriter.quote(finding.check)), ("ok", String(finding.ok)),
                    ("detail", JSONWriter.quote(finding.detail)), ("fix", JSONText.optional(finding.fix)),
                ])
            }
            ReportOutput.print(
                JSONText.object([
                    ("ok", String(findings.allSatisfy(\.ok))), ("checks", "[" + items.joined(separator: ", ") + "]"),
                    ("problems", JSONText.problems(findings.compactMap(\.problem))),
                ]))
        } else {
            for finding in findings {
                print("\(finding.ok ? "ok     " : "PROBLEM") \(finding.check): \(finding.detail)")
                if let fix = finding.fix { print("        fix: \(fix)") }
            }
        }
        let problems = findings.filter { !$0.ok }
        if let first = problems.first {
            throw ReportedFailure(
                first.code, "\(problems.count) check(s) failed: \(problems.map(\.check).joined(separator: ", "))")
        }
    }

    private static func environment() -> [String: String] {
        var result: [String: String] = [:]
        for key in ["SSH_CONNECTION", "SSH_TTY", "XDG_SESSION_ID"] {
            if let value = getenv(key) { result[key] = String(cString: value) }
        }
        return result
    }
}
