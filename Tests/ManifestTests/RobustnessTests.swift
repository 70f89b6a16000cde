import CustosTestSupport
import Foundation
import ManifestProfile
import TUF
import Testing

/// Hostile bytes never crash the client: thousands of deterministic mutations (bit flips, truncations, byte
/// insertions) of real metadata and of the example policy either parse or fail with a typed error.
@Suite("robustness against mutated metadata")
struct RobustnessTests {
    /// xorshift64*: deterministic, so a failure reproduces.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }

        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    }

    static func mutations(of original: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var generator = Generator(state: seed)
        let interesting: [UInt8] = Array("{}[]\",:0-9.eE\\u ".utf8) + [0x00, 0x7F, 0x80, 0xC3, 0xFF]
        return (0..<count).map { _ in
            var bytes = original
            for _ in 0...generator.below(4) {
                guard !bytes.isEmpty else { break }
                let position = generator.below(bytes.count)
                switch generator.below(4) {
                case 0: bytes[position] ^= UInt8(1 << generator.below(8))
                case 1: bytes[position] = interesting[generator.below(interesting.count)]
                case 2: bytes.removeSubrange(position...)
                default: bytes.insert(interesting[generator.below(interesting.count)], at: position)
                }
            }
            return bytes
        }
    }

    @Test func mutatedMetadataFailsCleanly() throws {
        let files = [
            "tuf/tuf-on-ci-0.11/metadata/1.root.json", "tuf/tuf-on-ci-0.11/metadata/timestamp.json",
            "tuf/tuf-on-ci-0.11/metadata/2.snapshot.json", "tuf/tuf-on-ci-0.11/metadata/1.targets.json",
            "tuf/sigstore-root-signing/metadata/12.root.json",
        ]
        var tried = 0
        var rejected = 0
        for (index, file) in files.enumerated() {
            let original = Array(try SharedVectors.data(file))
            for bytes in Self.mutations(of: original, count: 400, seed: UInt64(index + 1) * 0x9E37_79B9) {
                tried += 1
                do throws(TUFError) {
                    let envelope = try SignedEnvelope(bytes: bytes, role: file)
                    switch envelope.type {
                    case "root": _ = try RootMetadata(envelope.signed)
                    case "timestamp": _ = try TimestampMetadata(envelope.signed)
                    case "snapshot": _ = try SnapshotMetadata(envelope.signed)
                    default: _ = try TargetsMetadata(envelope.signed, roleName: "targets")
                    }
                    // Parsed: it must still fail verification unless the mutation only touched insignificant bytes.
                    if file.hasSuffix("root.json") {
                        _ = try TrustedMetadataSet(trustedRoot: bytes, expiryCheck: .skipped)
                    }
                } catch {
                    // Typed throws: every failure is a TUFError with a reason.
                    rejected += 1
                    #expect(!error.description.isEmpty)
                }
            }
        }
        #expect(rejected > tried / 2)
        reportVectorCount("mutated TUF metadata (typed rejection or valid)", passed: tried, total: tried)
    }

    @Test func mutatedPolicyFailsCleanly() throws {
        let original = Array(
            try Data(contentsOf: PackagePaths.root.appendingPathComponent("Firmware/manifest/migration-policy.json")))
        var rejected = 0
        let variants = Self.mutations(of: original, count: 2_000, seed: 42)
        for bytes in variants {
            do {
                _ = try MigrationPolicy.parse(bytes)
            } catch {
                rejected += 1
                #expect(!error.reason.isEmpty)
            }
        }
        #expect(rejected > variants.count / 2)
        reportVectorCount(
            "mutated migration policies (typed rejection or valid)", passed: variants.count, total: variants.count)
    }
}

/// Found by the tuf-metadata fuzz target: reasons quote values from the metadata (`spec_version "…"`), which a
/// hostile server chooses, and the CLI printed them raw: a newline or an escape sequence went to the terminal.
@Suite("TUF errors shown to people")
struct TUFErrorTextTests {
    @Test func valuesQuotedFromMetadataAreEscaped() throws {
        let bytes = Array(
            #"{"signatures":[],"signed":{"_type":"snapshot","spec_version":"\n\u001b[2J","version":1}}"#.utf8)
        let envelope = try SignedEnvelope(bytes: bytes, role: "snapshot")
        #expect(throws: TUFError.self) { try SnapshotMetadata(envelope.signed) }
        do {
            _ = try SnapshotMetadata(envelope.signed)
        } catch {
            #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
            #expect(error.description.contains(#"\u{A}\u{1B}[2J"#), "\(error.description)")
        }
    }
}

/// Found by the tuf-metadata fuzz target: a migration policy's unknown field name (and a descriptor quoted in a
/// refusal) went into the profile error raw.
@Suite("profile errors shown to people")
struct ProfileErrorTextTests {
    @Test(arguments: [#"{"\u007f":""}"#, #"{"version":1,"network":"bitcoin\u001b[2J"}"#])
    func valuesQuotedFromThePolicyAreEscaped(policy: String) {
        do {
            _ = try MigrationPolicy.parse(Array(policy.utf8))
            Issue.record("parsed \(policy)")
        } catch {
            #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
        }
    }
}
