import CustosTestSupport
import Foundation
import QR

/// Reads `shared/vectors/qr/<path>` as a JSON object.
func qrVectors(_ path: String) throws -> [String: Any] {
    guard let object = try SharedVectors.json("qr/" + path) as? [String: Any] else {
        throw TestDataError("qr/\(path) is not a JSON object")
    }
    return object
}

/// A field of a vector, or a test-data error naming it.
func field<T>(_ object: [String: Any], _ key: String, as type: T.Type = T.self) throws -> T {
    guard let value = object[key] as? T else { throw TestDataError("missing or mistyped field \(key)") }
    return value
}

func makeMessage(_ length: Int, seed: String = "Wolf") -> [UInt8] {
    var rng = Xoshiro256(seed: Array(seed.utf8))
    return rng.nextData(length)
}
