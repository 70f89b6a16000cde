import CustosCrypto
import CustosTestSupport
import Foundation
import Secp256k1
import Testing

@testable import Firmware

/// The key and release tables compiled into the binary must equal the pinned JSON under Firmware/ (the generator
/// writes both), and the JSON must equal the vendors' data in shared/vectors.
@Suite("Pinned vendor keys and release indexes")
struct PinnedDataTests {
    struct KeyFile: Decodable {
        struct Entry: Decodable {
            let vendor: String
            let name: String
            let role: String
            let algorithm: String
            let threshold: Int
            let keys: [String]
            let index: Int?
            let exponent: Int?
        }
        struct Header: Decodable {
            let model: String
            let file: String
            let sha256: String
            let official: Bool
        }
        let key_sets: [Entry]
        let vendor_headers: [Header]?
    }

    private func json<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: PackagePaths.root.appendingPathComponent(path)))
    }

    @Test func embeddedKeySetsEqualTheJSON() throws {
        var fromJSON: [PinnedKeySet] = []
        var headers: [PinnedTrezorVendorHeader] = []
        for vendor in FirmwareVendor.allCases {
            let file = try json(KeyFile.self, "Firmware/keys/\(vendor.rawValue).json")
            for entry in file.key_sets {
                fromJSON.append(
                    PinnedKeySet(
                        vendor: try #require(FirmwareVendor(rawValue: entry.vendor)), name: entry.name,
                        role: try #require(KeyRole(rawValue: entry.role)),
                        algorithm: try #require(KeyAlgorithm(rawValue: entry.algorithm)), threshold: entry.threshold,
                        index: entry.index, exponent: entry.exponent, keysHex: entry.keys,
                        source: PinnedKeys.keySets.first {
                            $0.name == entry.name && $0.vendor.rawValue == entry.vendor
                        }?
                        .source ?? "missing"))
            }
            for header in file.vendor_headers ?? [] {
                headers.append(
                    PinnedTrezorVendorHeader(
                        model: header.model, file: header.file,
                        vendor: PinnedKeys.trezorVendorHeaders.first { $0.sha256Hex == header.sha256 }?.vendor ?? "",
                        official: header.official, sha256Hex: header.sha256))
            }
        }
        #expect(fromJSON == PinnedKeys.keySets)
        #expect(headers == PinnedKeys.trezorVendorHeaders)
        reportVectorCount("pinned key sets (JSON = embedded)", passed: fromJSON.count, total: PinnedKeys.keySets.count)
    }

    @Test func everyPinnedKeyParsesForItsAlgorithm() throws {
        var parsed = 0
        var total = 0
        for set in PinnedKeys.keySets {
            for key in set.keys {
                total += 1
                switch set.algorithm {
                case .ed25519: _ = try Ed25519PublicKey(bytes: key)
                case .secp256k1:
                    // Coldcard's Mk1–Mk3 table leaves key 5 empty (#if 0): 64 zero bytes, which must not parse.
                    if key.allSatisfy({ $0 == 0 }) {
                        #expect(set.vendor == .coldcard && set.index == 5)
                        #expect(throws: CryptoError.self) { try Secp256k1PublicKey(bytes: [0x04] + key) }
                        continue
                    }
                    _ = try Secp256k1PublicKey(bytes: key.count == 64 ? [0x04] + key : key)
                case .p256: _ = try P256PublicKey(bytes: key)
                case .rsa3072:
                    let rsa = try RSAPublicKey(modulus: key, exponent: [0x01, 0x00, 0x01])
                    #expect(rsa.bitCount == 3072)
                }
                parsed += 1
            }
        }
        reportVectorCount("pinned public keys parse", passed: parsed, total: total)
        #expect(parsed >= total - 1)
    }

    /// Independent check against the shared vectors: production Trezor bootloader keys of every model, the
    /// official vendor headers' digests, Coldcard key 1, the 2026 BitBox02 roots and Jade's v2pk keys.
    @Test func pinnedKeysEqualTheSharedVectors() throws {
        let trezor = try #require(try SharedVectors.json("firmware/trezor/keys.json") as? [String: Any])
        let sets = try #require(trezor["keysets"] as? [String: [String: Any]])
        for model in ["T2T1", "T2B1", "T3B1", "T3T1", "T3W1"] {
            let bootloader = try #require(sets[model]?["bootloader"] as? [String: Any])
            #expect(
                FirmwareTrustStore.embedded.keySet(.trezor, "\(model).bootloader")?.keysHex
                    == bootloader["keys"] as? [String])
        }
        let coldcard = try #require(try SharedVectors.json("firmware/coldcard/keys.json") as? [String: Any])
        let approved = try #require(coldcard["approved_pubkeys"] as? [[String: Any]])
        #expect(
            FirmwareTrustStore.embedded.keySet(.coldcard, "key1")?.keysHex == [
                approved[1]["pubkey_xy_hex"] as? String ?? ""
            ])
        #expect(FirmwareTrustStore.embedded.keySet(.coldcard, "key0")?.role == .development)
        let expected = try #require(try SharedVectors.json("firmware/trezor/expected.json") as? [String: Any])
        let headers = try #require(expected["headers"] as? [[String: Any]])
        for pinned in PinnedKeys.trezorVendorHeaders {
            let match = headers.first { ($0["file"] as? String) == "\(pinned.model)/\(pinned.file)" }
            #expect(match?["sha256"] as? String == pinned.sha256Hex, "\(pinned.file)")
            #expect(match?["valid_prod"] as? Bool == true)
        }
        #expect(PinnedKeys.trezorVendorHeaders.filter(\.official).count == 9)
    }

    @Test func embeddedReleasesEqualTheJSON() throws {
        struct Trezor: Decodable {
            struct Release: Decodable {
                let model: String
                let version: String
                let edition: String
                let fingerprint: String
            }
            let releases: [Release]
        }
        struct Coldcard: Decodable {
            struct Release: Decodable {
                let file: String
                let sha256: String
                let version: String
                let model: String
            }
            let releases: [Release]
        }
        struct BitBox: Decodable {
            struct Release: Decodable {
                let file: String
                let product: String
                let version: String
                let payload_sha256: String
            }
            let releases: [Release]
        }
        var fromJSON: [VendorRelease] = []
        for release in try json(Trezor.self, "Firmware/releases/trezor.json").releases {
            fromJSON.append(
                VendorRelease(
                    vendor: .trezor, model: release.model, version: release.version, edition: release.edition,
                    kind: .fingerprint, hashHex: release.fingerprint))
        }
        for release in try json(Coldcard.self, "Firmware/releases/coldcard.json").releases {
            fromJSON.append(
                VendorRelease(
                    vendor: .coldcard, model: release.model, version: release.version, edition: release.file,
                    kind: .fileSHA256, hashHex: release.sha256))
        }
        for release in try json(BitBox.self, "Firmware/releases/bitbox02.json").releases {
            fromJSON.append(
                VendorRelease(
                    vendor: .bitbox02, model: release.product, version: release.version, edition: release.file,
                    kind: .payloadSHA256, hashHex: release.payload_sha256))
        }
        #expect(fromJSON == PinnedReleases.releases)
        reportVectorCount(
            "pinned releases (JSON = embedded)", passed: fromJSON.count, total: PinnedReleases.releases.count)
    }

    /// The Trezor index equals the shared releases.json files: every fingerprint of every model is pinned.
    @Test func trezorIndexCoversSharedReleasesJSON() throws {
        var count = 0
        for model in ["t1b1", "t2t1", "t2b1", "t3b1", "t3t1", "t3w1"] {
            let releases = try #require(
                try SharedVectors.json("firmware/trezor/releases/\(model)/releases.json") as? [[String: Any]])
            for release in releases {
                let version = (release["version"] as? [Int] ?? []).map(String.init).joined(separator: ".")
                let fingerprint = try #require(release["fingerprint"] as? String)
                let match = PinnedReleases.releases.first { $0.hashHex == fingerprint }
                #expect(match?.version == version && match?.model == model.uppercased(), "\(model) \(version)")
                count += 1
            }
        }
        reportVectorCount("Trezor releases.json fingerprints pinned", passed: count, total: count)
    }
}
