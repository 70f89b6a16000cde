/// Text Custos prints for a person comes partly from hostile bytes (a vendor string, a device's failure message):
/// it must not carry control characters, which a terminal would obey (ESC sequences can rewrite earlier lines,
/// such as a REFUSED verdict) and which break the one-line-per-result output.
enum TerminalText {
    /// The first control character (Unicode category Cc: C0, DEL, C1) in `text`, if any.
    static func firstControlCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { $0.properties.generalCategory == .control }
    }

    /// Throws when any of `texts` holds a control character; `what` names the field for the failure message.
    static func requirePrintable(_ texts: [String], _ what: String) throws(InvariantFailure) {
        for text in texts {
            if let scalar = firstControlCharacter(in: text) {
                throw InvariantFailure(
                    "\(what) holds control character U+\(String(scalar.value, radix: 16)): \(text.debugDescription)")
            }
        }
    }
}
