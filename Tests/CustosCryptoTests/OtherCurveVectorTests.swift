import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

@Suite("Ed25519, P-256 and RSA-PSS against RFC 8032 and Wycheproof")
struct OtherCurveVectorTests {
    @Test func wycheproofEd25519() throws {
        let file = try SharedVectors.decode(WycheproofFile.self, from: "crypto/wycheproof/ed25519_test.json")
        let outcome = runWycheproof(file) { group, test in
            let key = try Ed25519PublicKey(bytes: try hexBytes(group.publicKey?.pk ?? ""))
            return key.isValidSignature(try hexBytes(test.sig), message: try hexBytes(test.msg))
        }
        reportVectorCount("Wycheproof Ed25519", passed: outcome.passed, total: outcome.total)
        #expect(outcome.total == file.numberOfTests)
        #expect(outcome.failures.isEmpty, "failing tcIds: \(outcome.failures)")
    }

    struct RFC8032File: Decodable {
        struct Test: Decodable {
            let name: String
            let secret_key: String
            let public_key: String
            let message: String
            let signature: String
        }
        let tests: [Test]
    }

    @Test func rfc8032KeyGenerationSigningAndVerification() throws {
        let file = try SharedVectors.decode(RFC8032File.self, from: "crypto/ed25519_rfc8032.json")
        var passed = 0
        for test in file.tests {
            let key = try Ed25519PrivateKey(seed: try hexBytes(test.secret_key))
            let message = try hexBytes(test.message)
            let signature = try key.signature(for: message)
            let ok =
                key.publicKey.bytes.hexString == test.public_key && signature.hexString == test.signature
                && key.publicKey.isValidSignature(signature, message: message)
                && !key.publicKey.isValidSignature(signature, message: message + [0])
            #expect(ok, "RFC 8032 \(test.name)")
            if ok { passed += 1 }
        }
        reportVectorCount("RFC 8032 Ed25519", passed: passed, total: file.tests.count)
        #expect(file.tests.count == 5)
    }

    @Test func wycheproofP256() throws {
        let file = try SharedVectors.decode(
            WycheproofFile.self, from: "crypto/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json")
        let outcome = runWycheproof(file) { group, test in
            let key = try P256PublicKey(bytes: try hexBytes(group.publicKey?.uncompressed ?? ""))
            return key.isValidSignature(try hexBytes(test.sig), message: try hexBytes(test.msg), encoding: .p1363)
        }
        reportVectorCount("Wycheproof ECDSA P-256 P1363", passed: outcome.passed, total: outcome.total)
        #expect(outcome.total == file.numberOfTests)
        #expect(outcome.failures.isEmpty, "failing tcIds: \(outcome.failures)")
    }

    @Test func p256KeyFormsAgree() throws {
        let file = try SharedVectors.decode(
            WycheproofFile.self, from: "crypto/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json")
        let group = try #require(file.testGroups.first)
        let uncompressed = try hexBytes(group.publicKey?.uncompressed ?? "")
        let raw = Array(uncompressed.dropFirst())
        let fromRaw = try P256PublicKey(bytes: raw)
        #expect(fromRaw.x962 == uncompressed)
        let test = try #require(group.tests.first { $0.result == "valid" })
        #expect(fromRaw.isValidSignature(try hexBytes(test.sig), message: try hexBytes(test.msg)))
        // The same key from PEM, as TUF metadata carries it.
        let pem = try #require(
            (try SharedVectors.json("crypto/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json") as? [String: Any])
                .flatMap { ($0["testGroups"] as? [[String: Any]])?.first?["publicKeyPem"] as? String })
        #expect(try P256PublicKey(pem: pem).x962 == uncompressed)
        // A DER signature of the same (r, s) verifies with the DER encoding selected.
        let sig = try hexBytes(test.sig)
        #expect(
            fromRaw.isValidSignature(
                derSignature(r: Array(sig[..<32]), s: Array(sig[32...])), message: try hexBytes(test.msg),
                encoding: .der))
    }

    /// DER SEQUENCE of two INTEGERs, built by hand for the test so the library under test is not its own oracle.
    private func derSignature(r: [UInt8], s: [UInt8]) -> [UInt8] {
        func integer(_ value: [UInt8]) -> [UInt8] {
            var body = Array(value.drop { $0 == 0 })
            if body.isEmpty { body = [0] }
            if body[0] & 0x80 != 0 { body.insert(0, at: 0) }
            return [0x02, UInt8(body.count)] + body
        }
        let content = integer(r) + integer(s)
        return [0x30, UInt8(content.count)] + content
    }

    @Test func wycheproofRSAPSS() throws {
        let file = try SharedVectors.decode(
            WycheproofFile.self, from: "crypto/wycheproof/rsa_pss_3072_sha256_mgf1_32_test.json")
        let outcome = runWycheproof(file) { group, test in
            let key = try RSAPublicKey(derSubjectPublicKeyInfo: try hexBytes(group.publicKeyDer ?? ""))
            return key.isValidPSSSignature(try hexBytes(test.sig), message: try hexBytes(test.msg), saltLength: 32)
        }
        reportVectorCount("Wycheproof RSA-PSS-3072 SHA-256 MGF1 salt 32", passed: outcome.passed, total: outcome.total)
        #expect(outcome.total == file.numberOfTests)
        #expect(outcome.failures.isEmpty, "failing tcIds: \(outcome.failures)")

        // Modulus + exponent (Jade's key form) gives the same key as the DER SubjectPublicKeyInfo.
        let group = try #require(file.testGroups.first)
        let fromParts = try RSAPublicKey(
            modulus: try hexBytes(group.publicKey?.modulus ?? ""),
            exponent: try hexBytes(group.publicKey?.publicExponent ?? ""))
        #expect(fromParts.bitCount == 3072)
        let valid = try #require(group.tests.first { $0.result == "valid" })
        #expect(fromParts.isValidPSSSignature(try hexBytes(valid.sig), message: try hexBytes(valid.msg)))
        #expect(
            !fromParts.isValidPSSSignature(try hexBytes(valid.sig), message: try hexBytes(valid.msg), saltLength: 20))
    }
}
