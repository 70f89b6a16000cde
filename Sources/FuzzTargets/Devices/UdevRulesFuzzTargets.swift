internal import Devices

/// `UdevRules(text:)`, which `custos doctor` runs over the rule files installed on the machine.
public enum UdevRulesFuzzTargets {
    public static func parse(_ bytes: [UInt8]) throws(InvariantFailure) {
        let text = String(decoding: bytes, as: UTF8.self)
        let rules = UdevRules(text: text)
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        for grant in rules.grants {
            try InvariantFailure.require(
                grant.line >= 1 && grant.line <= lineCount, "grant on line \(grant.line) of \(lineCount)")
            try InvariantFailure.require(
                ["usb", "hidraw", "tty"].contains(grant.subsystem), "grant for subsystem \(grant.subsystem)")
        }
        _ = rules.uncovered()
    }
}
