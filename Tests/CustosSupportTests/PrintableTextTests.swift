import CustosSupport
import Testing

/// `String.escapingControlCharacters`, which every module applies to text from outside before it is printed.
@Suite("printable text")
struct PrintableTextTests {
    @Test func printableTextIsUnchanged() {
        let text = "Trezor Safe 5 — “Custos” 🔐 v2.8.1 \\u{1B} tab-free"
        #expect(text.escapingControlCharacters == text)
    }

    @Test func everyControlCharacterIsWrittenAsAnEscape() {
        // C0 (NUL, BEL, LF, CR, ESC), DEL and C1 (NEL, CSI): each becomes \u{XX}, nothing else changes.
        let text = "a\u{0}b\u{7}c\nd\re\u{1B}[2Jf\u{7F}g\u{85}h\u{9B}i"
        #expect(
            text.escapingControlCharacters
                == #"a\u{0}b\u{7}c\u{A}d\u{D}e\u{1B}[2Jf\u{7F}g\u{85}h\u{9B}i"#)
        #expect(!text.escapingControlCharacters.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }
}
