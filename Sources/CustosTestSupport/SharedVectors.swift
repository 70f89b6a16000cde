internal import CustosCrypto
public import Foundation

/// Locates `../shared/vectors` beside the package (CI puts `shared/` next to the clone), or the folder named by
/// `CUSTOS_SHARED_VECTORS`. A missing folder fails the tests loudly rather than skipping them.
public enum SharedVectors {
    public static var root: URL {
        if let override = ProcessInfo.processInfo.environment["CUSTOS_SHARED_VECTORS"] {
            return URL(fileURLWithPath: override)
        }
        return PackagePaths.root.deletingLastPathComponent().appendingPathComponent("shared/vectors")
    }

    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(relativePath))
    }

    public static func decode<T: Decodable>(_ type: T.Type, from relativePath: String) throws -> T {
        try JSONDecoder().decode(type, from: data(relativePath))
    }

    public static func json(_ relativePath: String) throws -> Any {
        try JSONSerialization.jsonObject(with: data(relativePath))
    }
}

/// A problem with test data (not with the code under test): bad hex, a missing field, an unknown case kind.
public struct TestDataError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Hex decoding that fails the test instead of returning nil.
public func hexBytes(_ text: String) throws -> [UInt8] {
    guard let bytes = [UInt8](hex: text) else { throw TestDataError("not hex: \(text.prefix(40))") }
    return bytes
}

/// Prints the per-file count line the issue asks for (visible in `swift test` output).
public func reportVectorCount(_ name: String, passed: Int, total: Int) {
    print("[vectors] \(name): \(passed)/\(total) passed")
}

/// Paths inside the package checkout.
public enum PackagePaths {
    /// The package root (the folder holding Package.swift), found from this source file's location.
    public static var root: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // CustosTestSupport
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()
    }
}
