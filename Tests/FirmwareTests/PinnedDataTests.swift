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

    /// One release entry of Firmware/releases/*.json; each vendor names its hash and file fields its own way.
    struct ReleaseEntry: Decodable {
        struct Source: Decodable {
            let repository: String
            let commit: String
            let file: String
        }
        let model: String?
        let product: String?
        let version: String
        let edition: String?
        let file: String?
        let fingerprint: String?
        let sha256: String?
        let payload_sha256: String?
        let superseded_by: String?
        let debug: Bool?
        let source: Source

        var sourceText: String { "\(source.repository)@\(source.commit.prefix(12)):\(source.file)" }
    }

    struct ReleaseFile: Decodable {
        let releases: [ReleaseEntry]
    }

    static let trezorKinds: [String: ReleaseHashKind] = [
        "universal": .fingerprint, "bitcoinonly": .fingerprint, "bootloader": .bootloaderFingerprint,
        "secmon": .secmonFingerprint,
    ]

    @Test func embeddedReleasesEqualTheJSON() throws {
        var fromJSON: [VendorRelease] = []
        for release in try json(ReleaseFile.self, "Firmware/releases/trezor.json").releases {
            let edition = try #require(release.edition)
            fromJSON.append(
                VendorRelease(
                    vendor: .trezor, model: try #require(release.model), version: release.version, edition: edition,
                    kind: try #require(Self.trezorKinds[edition]), hashHex: try #require(release.fingerprint),
                    supersededBy: release.superseded_by, source: release.sourceText))
        }
        // Key-0 debug builds are in Coinkite's list but never a factory release: not embedded.
        for release in try json(ReleaseFile.self, "Firmware/releases/coldcard.json").releases
        where release.debug != true {
            fromJSON.append(
                VendorRelease(
                    vendor: .coldcard, model: try #require(release.model), version: release.version,
                    edition: try #require(release.file), kind: .fileSHA256, hashHex: try #require(release.sha256),
                    supersededBy: release.superseded_by, source: release.sourceText))
        }
        for release in try json(ReleaseFile.self, "Firmware/releases/bitbox02.json").releases {
            fromJSON.append(
                VendorRelease(
                    vendor: .bitbox02, model: try #require(release.product), version: release.version,
                    edition: try #require(release.file), kind: .payloadSHA256,
                    hashHex: try #require(release.payload_sha256), supersededBy: release.superseded_by,
                    source: release.sourceText))
        }
        #expect(fromJSON.count == PinnedReleases.releases.count)
        let differing = zip(fromJSON, PinnedReleases.releases).filter { $0 != $1 }
        #expect(differing.isEmpty, "first difference: \(differing.first.map { "\($0)" } ?? "")")
        reportVectorCount(
            "pinned releases (JSON = embedded)", passed: fromJSON.count - differing.count,
            total: PinnedReleases.releases.count)
    }

    /// Every release names the repository, commit and file it was published in, and every entry of an older line
    /// names the newest release that supersedes it.
    @Test func everyReleaseNamesItsSourceAndWhatSupersedesIt() throws {
        for release in PinnedReleases.releases {
            let parts = release.source.split(separator: "@")
            #expect(parts.count == 2 && parts[0].contains("/") && parts[1].contains(":"), "\(release.source)")
            if let newer = release.supersededBy {
                // Coldcard labels carry an edition letter ("6.6.0X", "1.5.1Q"): compare the numbers only.
                let numbers = { (text: String) in
                    text.split(whereSeparator: { !$0.isNumber }).prefix(3).compactMap { Int($0) }
                }
                #expect(
                    numbers(newer).lexicographicallyPrecedes(numbers(release.version)) == false
                        && numbers(newer) != numbers(release.version),
                    "\(release.vendor) \(release.model) \(release.version) superseded by \(newer)")
            }
        }
    }

    /// The history reaches back to each vendor's first release and keeps releases later dropped from the current
    /// index: Coldcard's first DFUs (2018, removed from releases/ and the newest signatures.txt), BitBox02 v1.0.0
    /// and the 9.x releases older than the app's current assets, Trezor One 1.3.6 and Trezor T 2.0.5.
    @Test(arguments: [
        ("coldcard", "4b7768c403ae43ab6bc4e1bc96f3af08863ccd56da26c60cca24dc52eaa707cd", "1.0.0"),
        ("coldcard", "5e0c5f4b", "4.0.2"),
        ("trezor", "03b559a758961b2bfd4443e6c36c10025268cf033ecd376fdd7a79ff658bf511", "1.3.6"),
        ("trezor", "851172ea", "2.0.5"),
        ("bitbox02", "89c78cf6a93863659e9d55dd402ca1348179a603395d081aa8709573e3267d35", "4.1.0"),
    ])
    func theOldestReleasesAreListed(vendor: String, hashPrefix: String, version: String) throws {
        let match = PinnedReleases.releases.first { $0.vendor.rawValue == vendor && $0.hashHex.hasPrefix(hashPrefix) }
        #expect(match?.version == version, "\(vendor) \(hashPrefix) → \(String(describing: match))")
        #expect(match?.supersededBy != nil, "an old release is superseded")
    }

    /// The newest published lists are covered entry by entry: Coldcard's current signatures.txt and the BitBoxApp's
    /// current .sha256 assets (shared/vectors/firmware).
    @Test func theCurrentVendorListsAreCovered() throws {
        let signatures = try String(
            contentsOf: SharedVectors.root.appendingPathComponent("firmware/coldcard/signatures.txt"), encoding: .utf8)
        var count = 0
        for line in signatures.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 2, fields[0].count == 64, fields[1].hasSuffix(".dfu") else { continue }
            #expect(PinnedReleases.releases.contains { $0.hashHex == fields[0] }, "\(fields[1])")
            count += 1
        }
        let assets = SharedVectors.root.appendingPathComponent("firmware/bitbox02/bitbox-wallet-app-assets")
        for name in try FileManager.default.contentsOfDirectory(atPath: assets.path) where name.hasSuffix(".sha256") {
            let hash = try String(contentsOf: assets.appendingPathComponent(name), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(PinnedReleases.releases.contains { $0.vendor == .bitbox02 && $0.hashHex == hash }, "\(name)")
            count += 1
        }
        #expect(count >= 100)
        reportVectorCount(
            "current Coldcard signatures.txt and BitBoxApp .sha256 entries pinned", passed: count, total: count)
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
