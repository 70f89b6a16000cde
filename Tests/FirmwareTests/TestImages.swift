import CustosTestSupport
import Foundation

@testable import Firmware

/// The generated images under Firmware/test-images and their manifest of expected verdicts
/// (scripts/firmware-test-images/generate.py writes both; fingerprints there are computed in Python).
enum TestImages {
    struct Manifest: Decodable {
        let images: [Entry]
    }

    struct Entry: Decodable, CustomStringConvertible {
        let file: String
        let sha256: String
        let vendor: String?
        let format: String?
        let model: String?
        let version: String?
        let parse: Bool
        let integrity: Bool?
        let signature: String?
        let genuine: Bool?
        let fingerprint: String?
        let problems: [String]
        let device_stricter: Bool?
        let look_alike: Bool?
        let test_keys: TestKeys?
        let test_key: String?
        var testKey: String? { test_key }
        /// Set on images signed by one signer fewer than a threshold: which threshold, e.g. "firmware: 1 of 2 keys".
        let threshold_short: String?
        /// The image built the same way with the full threshold of signers.
        let complete_sibling: String?

        var description: String { file }
    }

    /// Custos TEST public keys: BitBox02 roots as an object, Passport keys as a list.
    enum TestKeys: Decodable {
        case roots([String])
        case keys([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([String].self) {
                self = .keys(list)
            } else {
                self = .roots(try container.decode([String: [String]].self)["root"] ?? [])
            }
        }
    }

    static var folder: URL { PackagePaths.root.appendingPathComponent("Firmware/test-images") }

    static func manifest() throws -> [Entry] {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
            .images
    }

    static func bytes(_ entry: Entry) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(entry.file)))
    }

    static func path(_ entry: Entry) -> String { folder.appendingPathComponent(entry.file).path }

    /// The embedded trust store plus the labelled Custos TEST keys, marked production, so the accepting paths of
    /// vendors without public debug keys can be exercised. Never used outside tests.
    static func storeTrustingTestKeys() throws -> FirmwareTrustStore {
        var store = FirmwareTrustStore.embedded
        for entry in try manifest() {
            switch entry.test_keys {
            case .roots(let roots)?:
                store.keySets.append(
                    PinnedKeySet(
                        vendor: .bitbox02, name: "custos-test-roots", role: .production, algorithm: .p256,
                        threshold: 2, keysHex: roots, source: "Custos TEST keys (generate.py)"))
            case .keys(let keys)?:
                store.keySets.append(
                    PinnedKeySet(
                        vendor: .passport, name: "custos-test", role: .production, algorithm: .secp256k1,
                        threshold: 2, keysHex: keys, source: "Custos TEST keys (generate.py)"))
            case nil: break
            }
        }
        return store
    }
}
