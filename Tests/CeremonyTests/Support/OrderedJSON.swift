import Foundation

/// A small JSON writer that keeps members in the order given, for generated files people read (case files,
/// UTXOS.json, policies): two-space indentation, one member per line, no escaped slashes.
indirect enum OrderedJSON {
    struct Member {
        let key: String
        let value: OrderedJSON
    }

    case members([Member])
    case array([OrderedJSON])
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)

    /// An object with members in this order.
    static func object(_ pairs: [(String, OrderedJSON)]) -> OrderedJSON {
        .members(pairs.map { Member(key: $0.0, value: $0.1) })
    }

    func text(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .members(let members):
            guard !members.isEmpty else { return "{}" }
            let lines = members.map { "\(inner)\(Self.quote($0.key)): \($0.value.text(indent: inner))" }
            return "{\n" + lines.joined(separator: ",\n") + "\n\(indent)}"
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            if items.allSatisfy({ if case .members = $0 { return false } else { return true } }),
                items.map({ $0.text() }).joined(separator: ", ").count < 100
            {
                return "[" + items.map { $0.text() }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { inner + $0.text(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .string(let value): return Self.quote(value)
        case .integer(let value): return String(value)
        case .number(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .bool(let value): return value ? "true" : "false"
        }
    }

    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
