extension Collection<UInt8> {
    /// The bytes as text for a person: UTF-8 (invalid sequences become U+FFFD) with every control character, which
    /// a terminal would obey, written as `\u{XX}`. For text fields of an image that Custos prints.
    var displayText: String {
        String(decoding: self, as: UTF8.self).unicodeScalars.reduce(into: "") { text, scalar in
            if scalar.properties.generalCategory == .control {
                text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
    }
}
