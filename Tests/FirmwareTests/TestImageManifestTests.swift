import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

@testable import Firmware

/// Every generated image against the verdict its generator recorded: parse or not, each step's outcome, the
/// fingerprint computed independently in Python, and the reasons a person would be given.
@Suite("Firmware test images: expected verdicts")
struct TestImageManifestTests {
    @Test func everyImageGetsItsExpectedVerdict() throws {
        let entries = try TestImages.manifest()
        var passed = 0
        for entry in entries {
            let bytes = try TestImages.bytes(entry)
            #expect(SHA256.hash(bytes).hexString == entry.sha256, "\(entry): file differs from the manifest")
            guard entry.parse else {
                let error = #expect(throws: FirmwareFormatError.self, "\(entry) must not parse") {
                    try FirmwareImage(bytes: bytes)
                }
                let text = error.map { "\($0)" } ?? ""
                for word in entry.problems {
                    #expect(text.lowercased().contains(word.lowercased()), "\(entry): '\(text)' lacks '\(word)'")
                }
                passed += 1
                continue
            }
            let image = try FirmwareImage(bytes: bytes)
            let result = FirmwareVerifier().verify(image)
            let description = image.description
            #expect(description.vendor.rawValue == entry.vendor, "\(entry) vendor")
            #expect(description.format == entry.format, "\(entry) format")
            #expect(description.model == entry.model, "\(entry) model")
            if let version = entry.version { #expect(description.version == version, "\(entry) version") }
            if let fingerprint = entry.fingerprint {
                #expect(description.fingerprint.hexString == fingerprint, "\(entry) fingerprint")
            }
            #expect(result.integrity.passed == entry.integrity, "\(entry) integrity: \(result.integrity.reasons)")
            let expectedSignature = entry.signature == "test" ? "invalid" : entry.signature
            #expect(result.signature.outcome.rawValue == expectedSignature, "\(entry) signature \(result.signature)")
            #expect(result.genuine == false, "\(entry) must not be genuine under the production policy")
            #expect(result.approved == nil)
            let problems = result.problems.map(\.message).joined(separator: " | ").lowercased()
            for word in entry.problems {
                #expect(problems.contains(word.lowercased()), "\(entry): problems '\(problems)' lack '\(word)'")
            }
            passed += 1
        }
        reportVectorCount("Firmware/test-images manifest", passed: passed, total: entries.count)
        #expect(entries.count >= 50)
    }

    /// Images signed with labelled Custos TEST keys verify once (and only once) a store trusts those keys: this is
    /// the accepting path for vendors that publish no debug key, and shows that production policy is what refuses.
    @Test func testKeyImagesVerifyOnlyWithTheTestStore() throws {
        let verifier = FirmwareVerifier(trust: try TestImages.storeTrustingTestKeys())
        var checked = 0
        for entry in try TestImages.manifest() where entry.signature == "test" {
            let image = try FirmwareImage(bytes: try TestImages.bytes(entry))
            let result = verifier.verify(image)
            switch entry.vendor {
            case "bitbox02", "passport":
                #expect(result.signature.outcome == .production, "\(entry) \(result.signature)")
                #expect(result.integrity.passed)
                #expect(result.identity.passed)
            default:
                // Jade's TEST key is not injected: it stays unknown even here.
                #expect(result.signature.outcome == .invalid, "\(entry)")
            }
            checked += 1
        }
        #expect(checked >= 5)
    }
}
