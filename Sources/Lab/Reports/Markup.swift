/// Escaping shared by the HTML and JUnit XML writers. Text from cases and devices (descriptions, device labels,
/// error messages) can hold anything, so every piece of it goes through here.
enum Markup {
    /// Text safe inside an element or a double- or single-quoted attribute. Characters XML 1.0 forbids (control
    /// characters other than tab, newline and carriage return) become U+FFFD, so the JUnit file always parses.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            case let control where control.value < 0x20 || (0xFFFE...0xFFFF).contains(control.value):
                output += "\u{FFFD}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Seconds with millisecond precision, as JUnit's `time` attributes want them.
    static func seconds(_ milliseconds: Double) -> String {
        let thousandths = Int((milliseconds.isFinite ? max(milliseconds, 0) : 0).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
