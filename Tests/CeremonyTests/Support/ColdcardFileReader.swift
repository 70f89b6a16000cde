import CustosTestSupport
import Foundation

/// Reads a Coldcard multisig setup file the way Coldcard's firmware does (shared/multisig.py, `from_file`): lines
/// starting with `#` are comments, `label: value` pairs with case-insensitive labels, `Derivation:` applying to
/// the keys after it, `Format` aliases (`p2wsh-p2sh` = `p2sh-p2wsh`), and 8-hex-digit labels naming keys.
struct ColdcardFileReader: Equatable {
    struct Key: Hashable {
        let fingerprint: String
        let derivation: String
        let xpub: String
    }

    var name: String?
    var required = -1
    var total = -1
    var format = "p2sh"
    var keys: Set<Key> = []

    init(_ text: String) throws {
        var derivation: String?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            if line.first == "#" { continue }
            if let hash = line.firstIndex(of: "#") {
                let next = line.index(after: hash)
                if next == line.endIndex || !line[next].isNumber { line = line[..<hash] }
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let label = trimmed[..<colon].lowercased()
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch label {
            case "name": name = value
            case "policy":
                let numbers = value.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                guard numbers.count == 2 else { throw TestDataError("bad policy line \(value)") }
                required = numbers[0]
                total = numbers[1]
            case "derivation":
                derivation = value.replacingOccurrences(of: "h", with: "'").replacingOccurrences(of: "H", with: "'")
            case "format":
                let lower = value.lowercased()
                guard ["p2sh", "p2wsh", "p2sh-p2wsh", "p2wsh-p2sh"].contains(lower) else {
                    throw TestDataError("bad format line \(value)")
                }
                format = lower == "p2wsh-p2sh" ? "p2sh-p2wsh" : lower
            default:
                guard label.count == 8, label.allSatisfy(\.isHexDigit) else { continue }
                guard let derivation else { throw TestDataError("key \(label) before any Derivation line") }
                keys.insert(Key(fingerprint: label, derivation: derivation, xpub: value))
            }
        }
    }
}
