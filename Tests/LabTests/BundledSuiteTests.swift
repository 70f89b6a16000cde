import CustosCrypto
import CustosTestSupport
import Foundation
import Lab
import Testing

/// The bundled suite under Vectors/: every case green through the library, and the cases agree with the
/// independent records they were made from (the firmware test-image manifest, hashlib's FirmwareHash).
@Suite("Bundled vectors")
struct BundledSuiteTests {
    @Test func everyBundledCasePasses() async throws {
        let run = try await LabFixtures.run(LabFixtures.vectors)
        for result in run.results where result.status != .passed {
            Issue.record("\(result.id): \(result.status) \(result.reasons)")
        }
        #expect(run.failed == 0 && run.skipped == 0)
        let kinds = Set(run.results.compactMap(\.kind))
        #expect(
            kinds.isSuperset(of: [
                "firmware-verify", "device-attestation-replay", "psbt-role", "manifest-update", "migration-ceremony",
            ]))
        // Each case really checked something: its verdict at least.
        #expect(run.results.allSatisfy { $0.checks.contains { $0.name == "verdict" && $0.passed } })
        reportVectorCount("Vectors/ lab cases", passed: run.passed, total: run.results.count)
        #expect(run.results.count >= 100)
        for kind in ["psbt-role", "manifest-update"] {
            let count = run.results.count { $0.kind == kind && $0.status == .passed }
            reportVectorCount("Vectors/ \(kind) cases", passed: count, total: run.results.count { $0.kind == kind })
        }
    }

    private struct ManifestImage: Decodable {
        let file: String
        let sha256: String
        let parse: Bool
        let fingerprint: String?
        let problems: [String]
        let look_alike: Bool?
    }

    private struct Manifest: Decodable {
        let images: [ManifestImage]
    }

    /// Every image of Firmware/test-images has its case, pinned to the manifest's SHA-256 and expecting the
    /// manifest's verdict and fingerprint, so the generated cases cannot drift from the record.
    @Test func firmwareCasesCoverTheTestImageManifest() async throws {
        let url = PackagePaths.root.appendingPathComponent("Firmware/test-images/manifest.json")
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url))
        let run = try await LabFixtures.run(LabFixtures.vectors, filter: "firmware-verify")
        var covered = 0
        for image in manifest.images {
            let name = String(image.file.split(separator: "/").last ?? "")
            let stem = name.hasSuffix(".bin") ? String(name.dropLast(4)) : name.replacingOccurrences(of: ".", with: "-")
            let folder = String(image.file.split(separator: "/").first ?? "")
            let result = try LabFixtures.result(run, "firmware/\(folder)/\(stem)")
            #expect(result.status == .passed, "\(image.file): \(result.reasons)")
            #expect(LabFixtures.evidence(result, "image SHA-256") == image.sha256)
            let verdict = try #require(result.checks.first { $0.name == "verdict" })
            #expect(verdict.actual == (image.parse ? "refused" : "unparsable"), "\(image.file)")
            if let fingerprint = image.fingerprint {
                #expect(LabFixtures.evidence(result, "fingerprint") == fingerprint, "\(image.file)")
                #expect(result.checks.contains { $0.name == "fingerprint" && $0.passed })
            }
            let problems = result.checks.filter { $0.name == "problems contain" }.map(\.expected)
            #expect(problems == image.problems, "\(image.file)")
            covered += 1
        }
        #expect(run.results.count == manifest.images.count)
        reportVectorCount("Firmware/test-images manifest as lab cases", passed: covered, total: manifest.images.count)
    }

    /// The look-alike: production-signed, so the signature step passes, and refused by identity.
    @Test func theUnsafeLookAlikeIsRefusedByIdentity() async throws {
        let run = try await LabFixtures.run(LabFixtures.vectors, filter: "firmware/trezor/*unsafe-vendor")
        #expect(run.results.count == 5)
        for result in run.results {
            #expect(result.status == .passed)
            #expect(LabFixtures.evidence(result, "signature") == "production")
            #expect(LabFixtures.evidence(result, "identity")?.hasPrefix("failed") == true)
            #expect(LabFixtures.evidence(result, "keys that signed")?.isEmpty == false)
            #expect(result.evidence.contains { $0.name == "problem" && $0.value.contains("UNSAFE") })
        }
    }

    /// The match case's device answer and expected answer against hashlib's BLAKE2s (no Custos code), and the
    /// mismatch case's expected answer likewise for the other image.
    @Test func attestationReplaysAgreeWithHashlib() async throws {
        let run = try await LabFixtures.run(LabFixtures.vectors, filter: "usb/trezor/attest-t1-synthetic-*")
        #expect(run.results.count == 2)
        let challenge = String(repeating: "c0ffee00", count: 8)
        for (id, image) in [("match", "t1-synthetic.bin"), ("mismatch", "t1-synthetic-other.bin")] {
            let result = try LabFixtures.result(run, "usb/trezor/attest-t1-synthetic-\(id)")
            #expect(result.status == .passed, "\(result.reasons)")
            let oracle = try PythonOracle.run(
                script: "Tests/LabTests/Oracles/trezor_firmware_hash.py",
                [LabFixtures.vectors.appendingPathComponent("usb/images/\(image)").path, challenge, "983040"])
            #expect(oracle.status == 0, "\(oracle.standardError)")
            let hashlib = oracle.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(LabFixtures.evidence(result, "expected hash") == hashlib)
            #expect(LabFixtures.evidence(result, "challenge")?.hasPrefix(challenge) == true)
            #expect(LabFixtures.evidence(result, "challenge")?.contains("REPLAY") == true)
        }
        let match = try LabFixtures.result(run, "usb/trezor/attest-t1-synthetic-match")
        #expect(LabFixtures.evidence(match, "device hash") == LabFixtures.evidence(match, "expected hash"))
        let mismatch = try LabFixtures.result(run, "usb/trezor/attest-t1-synthetic-mismatch")
        #expect(LabFixtures.evidence(mismatch, "device hash") != LabFixtures.evidence(mismatch, "expected hash"))
    }

    /// Every attestation transcript in Vectors/usb/trezor is replayed by at least one case.
    @Test func everyAttestationTranscriptHasACase() async throws {
        let run = try await LabFixtures.run(LabFixtures.vectors, filter: "device-attestation-replay")
        let replayed = Set(
            run.results.compactMap { LabFixtures.evidence($0, "transcript") }.map {
                URL(fileURLWithPath: $0).lastPathComponent
            })
        let transcripts = try FileManager.default.contentsOfDirectory(
            atPath: LabFixtures.vectors.appendingPathComponent("usb/trezor").path
        ).filter { $0.hasPrefix("attest-") }
        #expect(!transcripts.isEmpty)
        for transcript in transcripts { #expect(replayed.contains(transcript), "\(transcript) has no case") }
        #expect(run.results.contains { $0.checks.contains { $0.name == "verdict" && $0.actual == "match" } })
        #expect(run.results.contains { $0.checks.contains { $0.name == "verdict" && $0.actual == "mismatch" } })
    }
}
