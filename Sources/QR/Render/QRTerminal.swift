/// Draws a QR symbol with Unicode half blocks (two module rows per text row), dark on light whatever the
/// terminal's theme (SGR black on white), with the 4-module quiet zone (qr-airgap.md §5.2).
public enum QRTerminal {
    public static let quietZone = 4

    public static func render(_ symbol: QRSymbol, colours: Bool = true) -> String {
        let size = symbol.width + 2 * quietZone
        var lines: [String] = []
        var row = 0
        while row < size {
            var line = colours ? "\u{1b}[30;47m" : ""
            for column in 0..<size {
                let top = symbol.isDark(row: row - quietZone, column: column - quietZone)
                let bottom = symbol.isDark(row: row + 1 - quietZone, column: column - quietZone)
                switch (top, bottom) {
                case (true, true): line += "\u{2588}"
                case (true, false): line += "\u{2580}"
                case (false, true): line += "\u{2584}"
                case (false, false): line += " "
                }
            }
            lines.append(line + (colours ? "\u{1b}[0m" : ""))
            row += 2
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
