import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

@testable import Firmware

/// trezorlib (PyPI trezor 0.20.2) as the independent oracle for every generated Trezor image: it must parse the same
/// images, compute the same fingerprint, and accept (with dev keys) exactly the images whose only flaw is being
/// dev-signed; where the device is stricter than trezorlib, trezorlib accepts and Custos must refuse.
@Suite("Trezor images against trezorlib")
struct TrezorlibOracleTests {
    struct Verdict: Decodable {
        let path: String
        let parse: Bool
        let fingerprint: String?
        let model: String?
        let version: String?
        let valid_prod: Bool?
        let valid_dev: Bool?
        let outer_valid_dev: Bool?
        let embedded_valid_dev: Bool?
        let embedded_fingerprint: String?
    }

    static func oracle(_ paths: [String]) throws -> [String: Verdict] {
        let outcome = try PythonOracle.run(script: "scripts/firmware-test-images/trezorlib_oracle.py", paths)
        guard outcome.status == 0 else { throw TestDataError("trezorlib oracle failed: \(outcome.standardError)") }
        let verdicts = try JSONDecoder().decode([Verdict].self, from: Data(outcome.standardOutput.utf8))
        return Dictionary(uniqueKeysWithValues: verdicts.map { ($0.path, $0) })
    }

    /// Compares one image's Custos verification with trezorlib's verdict; returns false on any disagreement.
    static func agree(bytes: [UInt8], verdict: Verdict, deviceStricter: Bool = false) -> Bool {
        guard let image = try? FirmwareImage(bytes: bytes) else {
            #expect(verdict.parse == false, "\(verdict.path): trezorlib parses an image Custos refuses to parse")
            return verdict.parse == false
        }
        // TRZQ and the formats trezorlib.firmware.parse refuses are exercised through their own classes.
        guard verdict.parse else {
            Issue.record("\(verdict.path): Custos parses an image trezorlib cannot")
            return false
        }
        let result = FirmwareVerifier().verify(image)
        var agreed = true
        agreed = agreed && image.description.fingerprint.hexString == verdict.fingerprint
        #expect(image.description.fingerprint.hexString == verdict.fingerprint, "\(verdict.path) fingerprint")
        if let model = verdict.model {
            #expect(image.description.model == model, "\(verdict.path) model")
            agreed = agreed && image.description.model == model
        }
        let custosProduction = result.integrity.passed && result.signature.outcome == .production
        let custosDevelopment = result.integrity.passed && result.signature.outcome == .development
        var trezorlibDev = verdict.valid_dev ?? false
        if let outer = verdict.outer_valid_dev, let inner = verdict.embedded_valid_dev {
            // LegacyFirmware.verify(dev_keys=True) checks the embedded image with production keys: use both halves.
            trezorlibDev = outer && inner
        }
        if deviceStricter {
            #expect(trezorlibDev || verdict.valid_prod == true, "\(verdict.path): trezorlib should accept it")
            #expect(!custosProduction && !custosDevelopment, "\(verdict.path): the device refuses it; so must Custos")
            return agreed && !custosProduction && !custosDevelopment
        }
        #expect(
            custosProduction == (verdict.valid_prod ?? false), "\(verdict.path) production verdict \(result.problems)")
        #expect(
            custosDevelopment == (trezorlibDev && verdict.valid_prod != true), "\(verdict.path) development verdict")
        return agreed && custosProduction == (verdict.valid_prod ?? false)
            && custosDevelopment == (trezorlibDev && verdict.valid_prod != true)
    }

    @Test func generatedTrezorImagesAgreeWithTrezorlib() throws {
        let entries = try TestImages.manifest().filter { $0.vendor == "trezor" || $0.file.hasPrefix("garbage/") }
        let verdicts = try Self.oracle(entries.map(TestImages.path))
        var agreed = 0
        for entry in entries {
            let verdict = try #require(verdicts[TestImages.path(entry)])
            let magic = String(decoding: try TestImages.bytes(entry).prefix(4), as: UTF8.self)
            if magic == "TRZQ" {
                #expect(!verdict.parse)
                agreed += 1
                continue
            }
            if Self.agree(
                bytes: try TestImages.bytes(entry), verdict: verdict, deviceStricter: entry.device_stricter ?? false)
            {
                agreed += 1
            }
        }
        reportVectorCount("generated Trezor images vs trezorlib", passed: agreed, total: entries.count)
        #expect(agreed == entries.count)
    }

    /// The 89 real vendor headers (shared vectors): parse, digest, CoSi verdict with trezorlib's ≥ threshold rule,
    /// and the identity policy: only the nine official prod-signed headers pass it.
    @Test func realVendorHeadersMatchTrezorlibExpectations() throws {
        let expected = try #require(try SharedVectors.json("firmware/trezor/expected.json") as? [String: Any])
        let headers = try #require(expected["headers"] as? [[String: Any]])
        var passed = 0
        var officialPassing = 0
        for info in headers {
            let file = try #require(info["file"] as? String)
            let bytes = Array(try SharedVectors.data("firmware/trezor/\(file)"))
            let header = try TrezorVendorHeader(bytes)
            let modelName = try #require(info["model"] as? String)
            #expect(header.vendorText == info["vendor_string"] as? String, "\(file)")
            #expect(header.signaturesRequired == info["sig_m"] as? Int, "\(file)")
            #expect(header.vendorKeys.map(\.hexString) == info["vendor_keys"] as? [String], "\(file)")
            #expect(header.isFullTrust == ((info["trust"] as? [String: Any])?["is_full_trust"] as? Bool), "\(file)")
            guard let model = TrezorModel(rawValue: modelName) else {
                // D001–D003 development boards: parsed, no production key set of their own.
                passed += 1
                continue
            }
            #expect(header.digest(hash: model.imageHash).hexString == info["header_digest_hex"] as? String, "\(file)")
            let production = try #require(FirmwareTrustStore.embedded.keySet(.trezor, "\(model.rawValue).bootloader"))
            let development = try #require(FirmwareTrustStore.embedded.keySet(.trezor, "core.dev.bootloader"))
            func valid(_ set: PinnedKeySet) -> Bool {
                let check = header.bootloaderSignature(keys: set.keys, hash: model.imageHash)
                return check.signatureValid && check.signerCount >= set.threshold
            }
            #expect(valid(production) == info["valid_prod"] as? Bool, "\(file) production")
            #expect(valid(development) == info["valid_dev"] as? Bool, "\(file) development")
            let identity = TrezorVendorIdentity.check(
                header, model: model, firmwareModelCode: nil, trust: .embedded)
            let official =
                file.hasSuffix("_trezor_signed_prod.bin") || file.hasSuffix("_trezor_btconly_signed_prod.bin")
                || file.hasSuffix("satoshilabs_signed_prod.bin")
            #expect(identity.passed == official, "\(file) identity \(identity.reasons)")
            if identity.passed { officialPassing += 1 }
            passed += 1
        }
        reportVectorCount("Trezor vendor headers vs trezorlib (expected.json)", passed: passed, total: headers.count)
        #expect(headers.count == 89)
        #expect(officialPassing == 9)
    }
}
