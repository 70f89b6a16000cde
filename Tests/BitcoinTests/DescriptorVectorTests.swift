import Bitcoin
import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

@Suite("output descriptors against BIPs 380-389")
struct DescriptorVectorTests {
    struct Section: Decodable {
        let vectors: [Vector]
    }

    struct Vector: Decodable {
        let description: String?
        let value: String?
        let valid: Bool?
        let expected: [String]?
        let descriptor: String?
    }

    private func section(_ name: String) throws -> Section {
        let data = try SharedVectors.data("psbt/bips/descriptors_bip380-390_test_vectors.json")
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let section = object?[name] else { throw TestDataError("no section \(name)") }
        return try JSONDecoder().decode(Section.self, from: try JSONSerialization.data(withJSONObject: section))
    }

    /// Output scripts for a descriptor: children 0, 1, 2 when ranged, else the one script.
    private func scripts(_ descriptor: Descriptor, multipathIndex: Int = 0) throws -> [String] {
        let indexes: [UInt32] = descriptor.isRanged ? [0, 1, 2] : [0]
        return try indexes.map {
            try descriptor.expand(index: $0, multipathIndex: multipathIndex).scriptPubKey.bytes.hexString
        }
    }

    struct Outcome {
        var passed = 0
        var total = 0
        /// Vectors refused as unsupported (valid ones are left out of `total`, invalid ones count as refused).
        var unsupported = 0
        var skippedValid = 0
    }

    /// Runs one BIP's list: valid descriptors must give exactly the expected scripts; invalid ones must be refused.
    private func run(_ name: String) throws -> Outcome {
        var outcome = Outcome()
        for vector in try section(name).vectors {
            guard let text = vector.value, let valid = vector.valid else { continue }
            outcome.total += 1
            do {
                let descriptor = try Descriptor(text)
                guard valid else {
                    Issue.record("\(name): accepted invalid \(text) (\(vector.description ?? ""))")
                    continue
                }
                let expected = vector.expected ?? []
                let produced = try scripts(descriptor)
                // A vector without expected scripts only has to parse.
                if expected.isEmpty || produced == expected {
                    outcome.passed += 1
                } else {
                    Issue.record("\(name): \(text) gave \(produced), expected \(expected)")
                }
            } catch DescriptorError.unsupported {
                outcome.unsupported += 1
                if valid {
                    outcome.skippedValid += 1
                    outcome.total -= 1
                } else {
                    outcome.passed += 1
                }
            } catch {
                if valid {
                    Issue.record("\(name): refused valid \(text): \(error)")
                } else {
                    outcome.passed += 1
                }
            }
        }
        let skipped = outcome.skippedValid == 0 ? "" : ", \(outcome.skippedValid) valid ones skipped as unsupported"
        reportVectorCount("descriptors \(name)\(skipped)", passed: outcome.passed, total: outcome.total)
        return outcome
    }

    @Test func bip381To387() throws {
        for name in ["bip-0381", "bip-0382", "bip-0383", "bip-0385", "bip-0386", "bip-0387"] {
            let outcome = try run(name)
            #expect(outcome.passed == outcome.total, "\(name)")
            // Everything in these BIPs is in the supported subset.
            let count = try section(name).vectors.count
            #expect(outcome.unsupported == 0 && outcome.total == count, "\(name)")
        }
    }

    /// BIP380: key expressions (tested inside pk()) and the checksum cases, whose validity the BIP gives in prose.
    @Test func bip380KeysAndChecksums() throws {
        var passed = 0
        var total = 0
        for vector in try section("bip-0380").vectors {
            guard let text = vector.value else { continue }
            total += 1
            let valid: Bool
            let candidate: String
            if let given = vector.valid {
                valid = given
                candidate = "pk(\(text))"
            } else {
                valid = vector.description == "Valid checksum" || vector.description == "No checksum"
                candidate = text
            }
            let accepted = (try? Descriptor(candidate)) != nil
            #expect(accepted == valid, "BIP380 \(vector.description ?? "") \(candidate)")
            if accepted == valid { passed += 1 }
        }
        #expect(try Descriptor("raw(deadbeef)#89f8spxm").description == "raw(deadbeef)#89f8spxm")
        #expect(throws: DescriptorError.invalidChecksum("missing")) {
            try Descriptor("raw(deadbeef)", requireChecksum: true)
        }
        reportVectorCount("descriptors bip-0380 (keys, checksums)", passed: passed, total: total)
        #expect(total == 45)
        #expect(passed == total)
    }

    /// BIP389 multipath: each branch gives the same scripts as the single-path descriptor the BIP lists, and prints
    /// as that descriptor.
    @Test func bip389Multipath() throws {
        var passed = 0
        var total = 0
        for vector in try section("bip-0389").vectors {
            guard let text = vector.value, let valid = vector.valid else { continue }
            total += 1
            guard valid else {
                let refused = (try? Descriptor(text)) == nil
                #expect(refused, "BIP389 accepted \(text)")
                if refused { passed += 1 }
                continue
            }
            let descriptor = try Descriptor(text)
            let expected = vector.expected ?? []
            var ok = descriptor.multipathCount == expected.count
            for (branch, single) in expected.enumerated() where ok {
                let singleDescriptor = try Descriptor(single)
                ok = try scripts(descriptor, multipathIndex: branch) == scripts(singleDescriptor)
                ok = ok && descriptor.singlePathText(branch) == single.replacingOccurrences(of: "'", with: "h")
            }
            #expect(ok, "BIP389 \(text)")
            if ok { passed += 1 }
        }
        reportVectorCount("descriptors bip-0389 (multipath)", passed: passed, total: total)
        #expect(total == 14)
        #expect(passed == total)
    }

    /// combo() (BIP384: one descriptor, four scripts; not a multisig coordinator's concern) and musig() (BIP390:
    /// needs MuSig2 key aggregation, which CustosCrypto lacks) are outside Custos's subset: refused as unsupported,
    /// never mis-parsed; their invalid vectors are refused too.
    @Test func unsupportedFragmentsAreRefusedAsUnsupported() throws {
        for name in ["bip-0384", "bip-0390"] {
            let outcome = try run(name)
            let invalidCount = try section(name).vectors.filter { $0.valid == false }.count
            // Every valid vector is skipped as unsupported; every invalid one is refused.
            #expect(outcome.total == invalidCount && outcome.passed == invalidCount, "\(name)")
            let count = try section(name).vectors.count
            #expect(outcome.skippedValid == count - invalidCount, "\(name)")
        }
    }

    /// BIP388 wallet policies: the valid policies' descriptors parse (and their keys carry the origins given).
    @Test func bip388PolicyDescriptors() throws {
        var passed = 0
        var total = 0
        var unsupported = 0
        for vector in try section("bip-0388").vectors where vector.valid == true {
            guard let text = vector.descriptor else { continue }
            total += 1
            do {
                let descriptor = try Descriptor(text)
                _ = try descriptor.expand(index: 0, multipathIndex: 0)
                passed += 1
            } catch DescriptorError.unsupported {
                unsupported += 1
            }
        }
        reportVectorCount(
            "descriptors bip-0388 valid policies, \(unsupported) miniscript ones skipped as unsupported",
            passed: passed, total: total - unsupported)
        #expect(passed + unsupported == total)
        #expect(passed >= 5)
    }

    /// The expansion a PSBT updater needs from a 2-of-3 taproot sortedmulti_a descriptor: NUMS internal key,
    /// one leaf with a control block that commits to the output key, each key's origin and leaf hash.
    @Test func taprootMultisigExpansion() throws {
        let nums = "50929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0"
        let master = try ExtendedPrivateKey(seed: [UInt8](repeating: 7, count: 32), network: .testnet)
        let account = try master.derive(try #require(DerivationPath("m/48h/1h/0h/2h"))).extendedPublicKey
        let fingerprint = try master.fingerprint
        let others = try (1...2).map { seed in
            try ExtendedPrivateKey(seed: [UInt8](repeating: UInt8(seed), count: 32), network: .testnet)
                .extendedPublicKey
        }
        let text =
            "tr(\(nums),sortedmulti_a(2,[\(fingerprint)/48h/1h/0h/2h]\(account)/<0;1>/*,\(others[0])/<0;1>/*,"
            + "\(others[1])/<0;1>/*))"
        let descriptor = try Descriptor(text)
        #expect(descriptor.multipathCount == 2)
        #expect(descriptor.extendedPublicKeys.count == 3)
        let expansion = try descriptor.expand(index: 5, multipathIndex: 1)
        let taproot = try #require(expansion.taproot)
        #expect(taproot.internalKey.bytes.hexString == nums)
        #expect(taproot.leaves.count == 1)
        let leaf = taproot.leaves[0]
        let control = try #require(ControlBlock(leaf.controlBlock))
        #expect(control.commits(leaf: leaf.leaf, toOutputKey: taproot.outputKey.bytes))
        let multisig = try #require(MultisigScript(leaf.leaf.script))
        #expect(multisig.kind == .checkSigAdd && multisig.threshold == 2 && multisig.publicKeys.count == 3)
        #expect(multisig.publicKeys == multisig.publicKeys.sorted { $0.lexicographicallyPrecedes($1) })
        let ours = try #require(expansion.keys.first { $0.origin?.fingerprint == fingerprint })
        #expect(ours.origin?.path.description == "48h/1h/0h/2h/1/5")
        #expect(ours.leafHashes == [leaf.leaf.hash])
        let expectedKey = try account.derive(1).derive(5).publicKey.xOnly.bytes
        #expect(ours.publicKey == expectedKey)
        #expect(OutputType(expansion.scriptPubKey) == .payToTaproot(outputKey: taproot.outputKey.bytes))
    }
}

/// Found by the descriptor-parse fuzz target: the invalid character (and other reasons quoting the descriptor)
/// went into the message raw, so a descriptor from a file could put terminal control sequences into Custos's output.
@Suite("descriptor errors shown to people")
struct DescriptorErrorTextTests {
    @Test(arguments: ["\u{0}", "wsh(multi(1,\u{1B}[2J))", "pkh(02\u{7}ff)", "sh(\u{9B}31m)"])
    func controlCharactersInTheDescriptorAreEscapedInTheError(text: String) {
        do {
            _ = try Descriptor(text)
            Issue.record("\(text.debugDescription) parsed")
        } catch {
            #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
            #expect(error.description.contains("\\u{"), "\(error.description)")
        }
    }
}
