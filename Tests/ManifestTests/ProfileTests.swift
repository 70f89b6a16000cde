import CustosSupport
import CustosTestSupport
import Foundation
import ManifestProfile
import TUF
import Testing

@Suite("Custos profile: firmware approvals and versions")
struct FirmwareApprovalTests {
    static func target(path: String, custom: Any?) throws -> TargetFile {
        var entry: [String: Any] = ["length": 1024, "hashes": ["sha256": String(repeating: "ab", count: 32)]]
        if let custom { entry["custom"] = custom }
        let signed: [String: Any] = [
            "_type": "targets", "version": 1, "spec_version": "1.0.31", "expires": "2030-01-01T00:00:00Z",
            "targets": [path: entry],
        ]
        let document = try JSONSerialization.data(withJSONObject: ["signed": signed, "signatures": []])
        let targets = try TargetsMetadata(try SignedEnvelope(bytes: Array(document), role: "t").signed, roleName: "t")
        return try #require(targets.targets.values.first)
    }

    static var valid: [String: Any] {
        [
            "kind": "firmware", "vendor": "trezor", "model": "T3T1", "version": "2.8.1",
            "fingerprint": "6A064DF4A928E1264D682A34CC014FC9272F312E0F8A8270FF88D6F1408FE68B", "min_version": "2.8.0",
            "channel": "stable",
        ]
    }

    @Test func readsTheProfile() throws {
        let approval = try FirmwareApproval(
            target: try Self.target(path: "firmware/trezor/T3T1/fw.bin", custom: ["custos": Self.valid]))
        #expect(approval.vendor == "trezor")
        #expect(approval.model == "T3T1")
        #expect(approval.imageFileName == "fw.bin")
        #expect(approval.version == DottedVersion("2.8.1"))
        #expect(approval.minimumVersion == DottedVersion("2.8"))
        #expect(approval.fingerprint == "6a064df4a928e1264d682a34cc014fc9272f312e0f8a8270ff88d6f1408fe68b")
        #expect(approval.length == 1024)
        #expect(approval.sha256 == String(repeating: "ab", count: 32))
    }

    @Test(arguments: [
        ("firmware/trezor/T3T1/fw.bin", "vendor", "bitbox", "differ from the path"),
        ("firmware/trezor/T3T1/fw.bin", "model", "T2T1", "differ from the path"),
        ("firmware/trezor/fw.bin", "kind", "firmware", "firmware/<vendor>/<model>/<image file>"),
        ("firmware/trezor/T3T1/fw.bin", "version", "2.8.x", "not a dotted decimal"),
        ("firmware/trezor/T3T1/fw.bin", "min_version", "2.9.0", "above the approved version"),
        ("firmware/trezor/T3T1/fw.bin", "fingerprint", "xyz", "hex digits"),
        ("firmware/trezor/T3T1/fw.bin", "channel", "", "non-empty string"),
        ("firmware/trezor/T3T1/fw.bin", "kind", "migration-policy", "not firmware"),
    ])
    func refusesBrokenEntries(path: String, field: String, value: String, reason: String) throws {
        var custos = Self.valid
        custos[field] = value
        let target = try Self.target(path: path, custom: ["custos": custos])
        #expect {
            _ = try FirmwareApproval(target: target)
        } throws: { error in
            (error as? ProfileError)?.reason.contains(reason) == true
        }
    }

    @Test func versionsCompareNumerically() throws {
        let ordered = ["1.9", "1.10", "2", "2.0.1", "2.8.0", "2.8.1", "2.10.0", "10.0"].compactMap(DottedVersion.init)
        #expect(ordered.count == 8)
        #expect(ordered == ordered.sorted())
        #expect(DottedVersion("2.8") == DottedVersion("2.8.0"))
        for bad in ["", "1..2", "v1", "1.-2", "1.2.", " 1", "1.2.3.4.5.6.7.8.9", "1234567890"] {
            #expect(DottedVersion(bad) == nil, "\(bad)")
        }
    }
}

@Suite("Custos profile: migration policy")
struct MigrationPolicyTests {
    static let example = PackagePaths.root.appendingPathComponent("Firmware/manifest/migration-policy.json")

    static func policy(_ edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
        var document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: example)) as? [String: Any])
        edit(&document)
        return Array(try JSONSerialization.data(withJSONObject: document))
    }

    @Test func parsesTheExamplePolicy() throws {
        let policy = try MigrationPolicy.parse(Array(try Data(contentsOf: Self.example)))
        #expect(policy.network == .bitcoin)
        #expect(policy.allowedDestinations.count == 3)
        #expect(policy.maximumFeeRate == 75.5)
        #expect(policy.maximumFee == 250_000)
        #expect(policy.requiredCosigners == ["3442193e", "bd16bee5", "41d63b50"])
        #expect(policy.quorum == 2)
        #expect(policy.expires == UTCTime(iso8601: "2035-12-31T00:00:00Z"))
        #expect(policy.allowsDestination("BC1QYUCYKDLHP62TEZS0HAGQURY402QWHK589Q80TQS5MYH3RXQ34NWQHKDHV7"))
        #expect(!policy.allowsDestination("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"))
        #expect(policy.feeProblems(fee: 10_000, virtualSize: 200).isEmpty)
        #expect(policy.feeProblems(fee: 300_000, virtualSize: 10_000).count == 1)
        #expect(policy.feeProblems(fee: 20_000, virtualSize: 200).count == 1)
        #expect(!policy.isExpired(at: UTCTime(iso8601: "2035-12-30T23:59:59Z") ?? UTCTime(secondsSinceEpoch: 0)))
        #expect(policy.isExpired(at: UTCTime(iso8601: "2035-12-31T00:00:00Z") ?? UTCTime(secondsSinceEpoch: 0)))
    }

    @Test(arguments: [
        ("version", "2", "unsupported policy version"),
        ("network", "\"mainnet\"", "network must be one of"),
        ("allowed_destinations", "[]", "non-empty array"),
        ("allowed_destinations", "[\"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx\"]", "not a valid bitcoin address"),
        ("allowed_destinations", "[\"wsh(pk(02aa))#00000000\"]", "checksum"),
        ("max_fee_rate_sat_vb", "0", "positive"),
        ("max_fee_rate_sat_vb", "\"5\"", "must be a number"),
        ("max_fee_sat", "1.5", "positive integer"),
        ("required_cosigners", "[\"3442193\"]", "8-hex-digit"),
        ("required_cosigners", "[\"3442193e\", \"3442193E\"]", "listed twice"),
        ("quorum", "4", "quorum must be"),
        ("quorum", "0", "quorum must be"),
        ("expires", "\"31/12/2035\"", "RFC 3339"),
        ("max_fee", "1", "unknown field"),
    ])
    func refusesBrokenPolicies(field: String, json: String, reason: String) throws {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let bytes = try Self.policy { $0[field] = value }
        #expect {
            _ = try MigrationPolicy.parse(bytes)
        } throws: { error in
            (error as? ProfileError)?.reason.contains(reason) == true
        }
    }

    @Test func fractionalSecondsInExpiry() throws {
        let policy = try MigrationPolicy.parse(try Self.policy { $0["expires"] = "2035-12-31T00:00:00.250Z" })
        #expect(policy.expires == UTCTime(iso8601: "2035-12-31T00:00:00Z"))
    }

    /// Bitcoin Core's key_io vectors: every valid address is accepted on its chain (testnet3/testnet4 map to
    /// testnet), and every invalid string is refused on every network.
    @Test func addressesFollowBitcoinCoreVectors() throws {
        let valid = try #require(try SharedVectors.json("psbt/bitcoin-core/key_io_valid.json") as? [[Any]])
        let invalid = try #require(try SharedVectors.json("psbt/bitcoin-core/key_io_invalid.json") as? [[Any]])
        var checked = 0
        var passed = 0
        for entry in valid {
            guard let address = entry.first as? String, let meta = entry.last as? [String: Any],
                meta["isPrivkey"] as? Bool == false, let chain = meta["chain"] as? String
            else { continue }
            let network: String
            switch chain {
            case "main": network = "bitcoin"
            case "test", "testnet4": network = "testnet"
            default: network = chain
            }
            checked += 1
            let bytes = try Self.policy {
                $0["network"] = network
                $0["allowed_destinations"] = [address]
            }
            let accepted = (try? MigrationPolicy.parse(bytes)) != nil
            #expect(accepted, "\(address) on \(network)")
            if accepted { passed += 1 }
        }
        for entry in invalid {
            guard let text = entry.first as? String else { continue }
            for network in ["bitcoin", "testnet", "signet", "regtest"] {
                checked += 1
                let bytes = try Self.policy {
                    $0["network"] = network
                    $0["allowed_destinations"] = [text]
                }
                let refused = (try? MigrationPolicy.parse(bytes)) == nil
                #expect(refused, "\(text) on \(network)")
                if refused { passed += 1 }
            }
        }
        #expect(checked > 100)
        reportVectorCount("psbt/bitcoin-core/key_io_{valid,invalid}.json addresses", passed: passed, total: checked)
    }

    /// Whether a descriptor spells out a private key: an extended private key, or a WIF key (51 or 52 Base58
    /// characters starting with 5, K, L or c) as a key expression.
    static func holdsPrivateKey(_ descriptor: String) -> Bool {
        let body = descriptor.split(separator: "#").first.map(String.init) ?? descriptor
        let tokens = body.split { "(),[]{}/".contains($0) }
        let base58 = Set("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        return tokens.contains { token in
            token.hasPrefix("xprv") || token.hasPrefix("tprv")
                || ((token.count == 51 || token.count == 52) && "5KLc".contains(token.first ?? " ")
                    && token.allSatisfy { base58.contains($0) })
        }
    }

    /// A mainnet address on a test network (and the reverse) is refused.
    @Test func addressesAreTiedToTheirNetwork() throws {
        for (address, network) in [
            ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "testnet"), ("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", "signet"),
            ("mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ", "bitcoin"),
            ("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", "bitcoin"),
        ] {
            let bytes = try Self.policy {
                $0["network"] = network
                $0["allowed_destinations"] = [address]
            }
            #expect(throws: ProfileError.self, "\(address) on \(network)") { try MigrationPolicy.parse(bytes) }
        }
    }

    /// Descriptors from BIPs 381-389 with checksums computed by embit (an independent BIP 380 implementation):
    /// public-key descriptors are accepted, ones holding private keys (WIF or xprv) are refused as policy
    /// destinations, `combo()` (several scripts, not one destination) is refused, and every one with a single
    /// checksum character changed is refused; so are BIP 380's malformed checksum cases.
    @Test func descriptorChecksumsFollowEmbit() throws {
        let vectors = try #require(
            try SharedVectors.json("psbt/bips/descriptors_bip380-390_test_vectors.json") as? [String: Any])
        var descriptors: [String] = []
        for (key, section) in vectors where key.hasPrefix("bip-038") && key != "bip-0380" && key != "bip-0388" {
            for vector in (section as? [String: Any])?["vectors"] as? [[String: Any]] ?? [] {
                if vector["valid"] as? Bool == true, let value = vector["value"] as? String, !value.contains("#") {
                    descriptors.append(value)
                }
            }
        }
        descriptors.sort()
        let oracle = try PythonOracle.run(
            script: "Tests/tuf-harness/oracles/descriptor_checksums.py", [],
            standardInput: try JSONSerialization.data(withJSONObject: descriptors))
        #expect(oracle.status == 0, "\(oracle.standardError)")
        let withChecksums = oracle.standardOutput.split(separator: "\n").map(String.init)
        try #require(withChecksums.count == descriptors.count)
        var passed = 0
        var accepted = 0
        for descriptor in withChecksums {
            let policy = try? MigrationPolicy.parse(try Self.policy { $0["allowed_destinations"] = [descriptor] })
            let expectAccepted = !Self.holdsPrivateKey(descriptor) && !descriptor.hasPrefix("combo(")
            var corrupted = Array(descriptor.utf8)
            corrupted[corrupted.count - 1] = corrupted.last == UInt8(ascii: "q") ? UInt8(ascii: "p") : UInt8(ascii: "q")
            let tampered = String(decoding: corrupted, as: UTF8.self)
            let refused =
                (try? MigrationPolicy.parse(try Self.policy { $0["allowed_destinations"] = [tampered] }))
                == nil
            let asExpected = (policy != nil) == expectAccepted
            #expect(asExpected, "\(descriptor)")
            #expect(refused, "\(tampered)")
            if let policy, expectAccepted {
                accepted += 1
                #expect(policy.allowsDestination(descriptor))
            }
            if asExpected && refused { passed += 1 }
        }
        #expect(accepted >= 25)
        for bad in [
            "raw(deadbeef)#", "raw(deadbeef)#89f8spxmx", "raw(deadbeef)#89f8spx", "raw(deedbeef)#89f8spxm",
            "raw(deedbeef)##9f8spxm", "raw(Ü)#00000000",
        ] {
            #expect(throws: ProfileError.self) {
                try MigrationPolicy.parse(try Self.policy { $0["allowed_destinations"] = [bad] })
            }
        }
        #expect(descriptors.count > 50)
        reportVectorCount("BIP 380-389 descriptor checksums vs embit", passed: passed, total: descriptors.count)
    }
}
