extension String {
    /// This text with every control character (Unicode category Cc: C0, DEL and C1) written as `\u{XX}`, for text
    /// that came from a device or a file and is shown to a person: a terminal obeys control characters (an escape
    /// sequence can rewrite what was printed before it), and a line break would split a one-line result.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return self }
        var escaped = ""
        for scalar in unicodeScalars {
            if scalar.properties.generalCategory == .control {
                escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
