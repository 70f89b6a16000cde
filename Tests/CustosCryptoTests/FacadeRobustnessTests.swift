import CustosCrypto
import CustosTestSupport
import Testing

/// The facade answers bad input with an error or `false`, never a crash.
@Suite("Facade robustness on bad input")
struct FacadeRobustnessTests {
    static let lengths = [0, 1, 31, 32, 33, 63, 64, 65, 66, 100]

    @Test(arguments: lengths)
    func secp256k1RefusesWrongLengthsAndGarbage(length: Int) {
        let zeros = [UInt8](repeating: 0, count: length)
        let ones = [UInt8](repeating: 0xff, count: length)
        for bytes in [zeros, ones] {
            #expect(throws: CryptoError.self) { try Secp256k1PublicKey(bytes: bytes) }
            #expect(throws: CryptoError.self) { try Secp256k1PrivateKey(bytes: bytes) }
            if length != 32 || bytes == ones {
                #expect(throws: CryptoError.self) { try XOnlyPublicKey(bytes: bytes) }
            }
            if length != 64 || bytes == ones {
                #expect(throws: CryptoError.self) { try ECDSASignature(compact: bytes) }
            }
            #expect(throws: CryptoError.self) { try ECDSASignature(der: bytes) }
        }
    }

    @Test func hybridAndOffCurveKeysAreRefused() throws {
        let key = try Secp256k1PrivateKey(bytes: [UInt8](repeating: 0x05, count: 32)).publicKey
        var hybrid = key.uncompressed
        hybrid[0] = key.hasOddY ? 0x07 : 0x06
        #expect(throws: CryptoError.self) { try Secp256k1PublicKey(bytes: hybrid) }
        var offCurve = key.uncompressed
        offCurve[64] ^= 1
        #expect(throws: CryptoError.self) { try Secp256k1PublicKey(bytes: offCurve) }
        #expect(throws: CryptoError.self) { try P256PublicKey(bytes: [0x04] + [UInt8](repeating: 1, count: 64)) }
    }

    @Test func verificationWithWrongSizedInputsIsFalse() throws {
        let secret = try Secp256k1PrivateKey(bytes: [UInt8](repeating: 0x07, count: 32))
        let digest = SHA256.hash([1])
        let signature = try secret.signECDSA(digest: digest)
        let publicKey = try secret.publicKey
        #expect(!publicKey.isValidSignature(signature, digest: [UInt8]()))
        #expect(!publicKey.isValidSignature(signature, digest: digest + [0]))
        let xOnly = try secret.xOnlyPublicKey
        #expect(!xOnly.isValidSchnorrSignature([UInt8](), message: digest))
        #expect(!xOnly.isValidSchnorrSignature([UInt8](repeating: 0, count: 65), message: digest))

        let ed = try Ed25519PrivateKey(seed: [UInt8](repeating: 9, count: 32))
        #expect(!ed.publicKey.isValidSignature([UInt8](), message: [UInt8]()))
        #expect(!ed.publicKey.isValidSignature([UInt8](repeating: 0, count: 64), message: [UInt8]()))
        #expect(throws: CryptoError.self) { try Ed25519PublicKey(bytes: [UInt8](repeating: 0, count: 31)) }
        #expect(throws: CryptoError.self) { try Ed25519PrivateKey(seed: [UInt8]()) }
        #expect(throws: CryptoError.self) { try Ed25519PublicKey.aggregate([]) }
        // y = 2 has no x on the curve: not a point, so it cannot be aggregated.
        let notAPoint = try Ed25519PublicKey(bytes: [2] + [UInt8](repeating: 0, count: 31))
        #expect(throws: CryptoError.self) { try Ed25519PublicKey.aggregate([ed.publicKey, notAPoint]) }
    }

    @Test func rsaAndPEMGarbageIsRefused() {
        #expect(throws: CryptoError.self) { try RSAPublicKey(derSubjectPublicKeyInfo: [UInt8]()) }
        #expect(throws: CryptoError.self) { try RSAPublicKey(derSubjectPublicKeyInfo: [0x30, 0x82, 0xff, 0xff]) }
        #expect(throws: CryptoError.self) { try RSAPublicKey(pem: "") }
        #expect(throws: CryptoError.self) {
            try RSAPublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")
        }
        #expect(throws: CryptoError.self) { try RSAPublicKey(modulus: [UInt8](), exponent: [1, 0, 1]) }
        #expect(throws: CryptoError.self) { try P256PublicKey(pem: "not pem") }
    }

    @Test func blake2sKeyLengthAndRandomness() throws {
        #expect(throws: CryptoError.self) { try BLAKE2s.Hasher(key: [UInt8](repeating: 1, count: 33)) }
        #expect(throws: CryptoError.self) { try SecureRandom.bytes(count: -1) }
        let first = try SecureRandom.bytes(count: 32)
        let second = try SecureRandom.bytes(count: 32)
        #expect(first.count == 32)
        #expect(first != second)
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equal([UInt8](), [UInt8]()))
    }

    @Test func hexRoundTripAndRejection() {
        #expect([UInt8](hex: "00ff10Ab") == [0x00, 0xff, 0x10, 0xab])
        #expect([0x00, 0xff, 0x10, 0xab].hexString == "00ff10ab")
        #expect([UInt8](hex: "abc") == nil)
        #expect([UInt8](hex: "zz") == nil)
    }

    @Test func selfTestPasses() {
        let results = CryptoSelfTest.run()
        #expect(results.count >= 12)
        for result in results {
            #expect(result.passed, "\(result.name): \(result.detail)")
        }
    }
}
