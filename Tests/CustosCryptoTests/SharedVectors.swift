import Foundation

/// Locates `../shared/vectors` beside the package (CI puts `shared/` next to the clone), or the folder named by
/// `CUSTOS_SHARED_VECTORS`. A missing folder fails the tests loudly rather than skipping them.
enum SharedVectors {
    static var root: URL {
        if let override = ProcessInfo.processInfo.environment["CUSTOS_SHARED_VECTORS"] {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // CustosCryptoTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .deletingLastPathComponent()
            .appendingPathComponent("shared/vectors")
    }

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(relativePath))
    }

    static func decode<T: Decodable>(_ type: T.Type, from relativePath: String) throws -> T {
        try JSONDecoder().decode(type, from: data(relativePath))
    }

    static func json(_ relativePath: String) throws -> Any {
        try JSONSerialization.jsonObject(with: data(relativePath))
    }
}

/// Hex decoding that fails the test instead of returning nil.
struct BadHex: Error, CustomStringConvertible {
    let text: String
    var description: String { "not hex: \(text.prefix(40))" }
}

func hexBytes(_ text: String) throws -> [UInt8] {
    guard let bytes = [UInt8](hex: text) else { throw BadHex(text: text) }
    return bytes
}

/// Prints the per-file count line the issue asks for (visible in `swift test` output).
func reportVectorCount(_ name: String, passed: Int, total: Int) {
    print("[vectors] \(name): \(passed)/\(total) passed")
}
