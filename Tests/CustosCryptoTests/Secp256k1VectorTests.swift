import CustosCrypto
import CustosTestSupport
import Foundation
import Secp256k1
import Testing

@Suite("secp256k1 against BIP340 and Wycheproof")
struct Secp256k1VectorTests {
    /// Every row of BIP340's test-vectors.csv: verification result, and for rows with a secret key, the public key
    /// and the exact signature produced with the row's auxiliary randomness.
    @Test func bip340Vectors() throws {
        let text = String(decoding: try SharedVectors.data("crypto/bip340_test-vectors.csv"), as: UTF8.self)
        let rows = text.split(whereSeparator: \.isNewline).dropFirst()
        var passed = 0
        for row in rows {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(fields.count >= 7, "malformed CSV row \(row)")
            guard fields.count >= 7 else { continue }
            let index = fields[0]
            let publicKeyHex = fields[2]
            let message = try hexBytes(fields[4])
            let signature = try hexBytes(fields[5])
            let expected = fields[6] == "TRUE"
            var rowPassed = true

            let verified: Bool
            if let key = try? XOnlyPublicKey(bytes: try hexBytes(publicKeyHex)) {
                verified = key.isValidSchnorrSignature(signature, message: message)
            } else {
                verified = false  // a public key that is not on the curve verifies nothing
            }
            #expect(verified == expected, "BIP340 vector \(index)")
            rowPassed = rowPassed && verified == expected

            if !fields[1].isEmpty {
                let secret = try Secp256k1PrivateKey(bytes: try hexBytes(fields[1]))
                let derived = try secret.xOnlyPublicKey.bytes.hexString
                let signed = try secret.signSchnorr(message: message, auxiliaryRandomness: try hexBytes(fields[3]))
                #expect(derived == publicKeyHex.lowercased(), "BIP340 vector \(index) public key")
                #expect(signed.hexString == fields[5].lowercased(), "BIP340 vector \(index) signature")
                rowPassed = rowPassed && derived == publicKeyHex.lowercased() && signed == signature
            }
            if rowPassed { passed += 1 }
        }
        reportVectorCount("BIP340 test-vectors.csv", passed: passed, total: rows.count)
        #expect(rows.count == 19)
        #expect(passed == rows.count)
    }

    @Test func wycheproofECDSADER() throws {
        let file = try SharedVectors.decode(
            WycheproofFile.self, from: "crypto/wycheproof/ecdsa_secp256k1_sha256_test.json")
        // Plain ECDSA: both s and n − s are valid signatures.
        let outcome = runWycheproof(file) { group, test in
            let key = try Secp256k1PublicKey(bytes: try hexBytes(group.publicKey?.uncompressed ?? ""))
            let signature = try ECDSASignature(der: try hexBytes(test.sig))
            return key.isValidSignature(signature, digest: SHA256.hash(try hexBytes(test.msg)), lowS: .allowHighS)
        }
        reportVectorCount("Wycheproof ECDSA secp256k1 DER", passed: outcome.passed, total: outcome.total)
        #expect(outcome.total == file.numberOfTests)
        #expect(outcome.failures.isEmpty, "failing tcIds: \(outcome.failures)")
    }

    @Test func wycheproofECDSABitcoinLowS() throws {
        let file = try SharedVectors.decode(
            WycheproofFile.self, from: "crypto/wycheproof/ecdsa_secp256k1_sha256_bitcoin_test.json")
        // Bitcoin's rules: strict DER and low S only.
        let outcome = runWycheproof(file) { group, test in
            let key = try Secp256k1PublicKey(bytes: try hexBytes(group.publicKey?.uncompressed ?? ""))
            let signature = try ECDSASignature(der: try hexBytes(test.sig))
            return key.isValidSignature(signature, digest: SHA256.hash(try hexBytes(test.msg)), lowS: .requireLowS)
        }
        reportVectorCount("Wycheproof ECDSA secp256k1 Bitcoin (low-S)", passed: outcome.passed, total: outcome.total)
        #expect(outcome.total == file.numberOfTests)
        #expect(outcome.failures.isEmpty, "failing tcIds: \(outcome.failures)")
    }

    @Test func wycheproofECDSACompact() throws {
        let file = try SharedVectors.decode(
            WycheproofFile.self, from: "crypto/wycheproof/ecdsa_secp256k1_sha256_p1363_test.json")
        let outcome = runWycheproof(file) { group, test in
            let key = try Secp256k1PublicKey(bytes: try hexBytes(group.publicKey?.uncompressed ?? ""))
            let signature = try ECDSASignature(compact: try hexBytes(test.sig))
            return key.isValidSignature(signature, digest: SHA256.hash(try hexBytes(test.msg)), lowS: .allowHighS)
        }
        reportVectorCount("Wycheproof ECDSA secp256k1 P1363", passed: outcome.passed, total: outcome.total)
        #expect(outcome.total == file.numberOfTests)
        #expect(outcome.failures.isEmpty, "failing tcIds: \(outcome.failures)")
    }

    @Test func lowSPolicyIsExplicit() throws {
        let key = try Secp256k1PrivateKey(bytes: [UInt8](repeating: 0x11, count: 32))
        let digest = SHA256.hash(Array("policy".utf8))
        let low = try key.signECDSA(digest: digest)
        // Turn s into n − s by hand to obtain the high-S twin.
        let order = try hexBytes("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        let s = Array(low.compact[32...])
        var high = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for index in stride(from: 31, through: 0, by: -1) {
            var value = Int(order[index]) - Int(s[index]) - borrow
            borrow = value < 0 ? 1 : 0
            if value < 0 { value += 256 }
            high[index] = UInt8(value)
        }
        let highS = try ECDSASignature(compact: Array(low.compact[..<32]) + high)
        let publicKey = try key.publicKey
        #expect(low.isLowS)
        #expect(!highS.isLowS)
        #expect(highS.normalized == low)
        #expect(publicKey.isValidSignature(low, digest: digest, lowS: .requireLowS))
        #expect(!publicKey.isValidSignature(highS, digest: digest, lowS: .requireLowS))
        #expect(publicKey.isValidSignature(highS, digest: digest, lowS: .allowHighS))
        #expect(try ECDSASignature(der: low.der) == low)
    }

    @Test func publicKeyEncodingsAndTweaks() throws {
        // BIP32 test vector 1: master key m and its public key.
        let secret = try Secp256k1PrivateKey(
            bytes: try hexBytes("e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"))
        let publicKey = try secret.publicKey
        #expect(publicKey.compressed.hexString == "0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2")
        #expect(try Secp256k1PublicKey(bytes: publicKey.uncompressed) == publicKey)
        #expect(publicKey.uncompressed.count == 65)
        #expect(publicKey.hasOddY)

        // Public tweak-add agrees with private tweak-add.
        let tweak = SHA256.hash(Array("tweak".utf8))
        #expect(try publicKey.adding(tweak: tweak) == (try secret.adding(tweak: tweak).publicKey))
        #expect(throws: CryptoError.invalidTweak) {
            try publicKey.adding(tweak: [UInt8](repeating: 0xff, count: 32))
        }
    }

    struct BIP341File: Decodable {
        struct Entry: Decodable {
            struct Given: Decodable { let internalPubkey: String }
            struct Intermediary: Decodable {
                let merkleRoot: String?
                let tweakedPubkey: String
            }
            struct Expected: Decodable { let scriptPathControlBlocks: [String]? }
            let given: Given
            let intermediary: Intermediary
            let expected: Expected
        }
        let scriptPubKey: [Entry]
    }

    /// BIP341 wallet test vectors (scriptPubKey section): internal key + merkle root → tweaked output key, and the
    /// output key's parity as the control blocks record it.
    @Test func taprootOutputKeys() throws {
        let file = try SharedVectors.decode(BIP341File.self, from: "psbt/bips/bip-0341-wallet-test-vectors.json")
        var passed = 0
        for entry in file.scriptPubKey {
            let key = try XOnlyPublicKey(bytes: try hexBytes(entry.given.internalPubkey))
            let root = try entry.intermediary.merkleRoot.map { try hexBytes($0) }
            let tweaked = try key.taprootOutputKey(merkleRoot: root)
            #expect(tweaked.outputKey.bytes.hexString == entry.intermediary.tweakedPubkey)
            var parityMatches = true
            if let control = entry.expected.scriptPathControlBlocks?.first, let first = try hexBytes(control).first {
                parityMatches = (first & 1 == 1) == tweaked.hasOddY
                #expect(parityMatches, "control block parity for \(entry.given.internalPubkey)")
            }
            if tweaked.outputKey.bytes.hexString == entry.intermediary.tweakedPubkey && parityMatches { passed += 1 }
        }
        reportVectorCount("BIP341 taproot output keys", passed: passed, total: file.scriptPubKey.count)
        #expect(passed == file.scriptPubKey.count)

        // Key-path signing: the tweaked private key signs for the tweaked public key.
        let secret = try Secp256k1PrivateKey(bytes: [UInt8](repeating: 0x22, count: 32))
        let tweakedSecret = try secret.taprootTweaked()
        let message = SHA256.hash([9])
        let signature = try tweakedSecret.signSchnorr(
            message: message, auxiliaryRandomness: [UInt8](repeating: 0, count: 32))
        let outputKey = try secret.xOnlyPublicKey.taprootOutputKey().outputKey
        #expect(outputKey.isValidSchnorrSignature(signature, message: message))
    }
}
