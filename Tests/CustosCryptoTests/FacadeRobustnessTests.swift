import CustosCrypto
import CustosTestSupport
import Secp256k1
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

    /// Found by the crypto-keys fuzz target: only `init(modulus:exponent:)` checked the key size, so a 512-bit key
    /// (factorable in hours) came in through PEM or DER, as a TUF `rsa` key would.
    @Test func rsaKeysOutsideTheSizeBoundsAreRefusedWhateverTheEncoding() throws {
        let pem512 = """
            -----BEGIN PUBLIC KEY-----
            MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALG56Trq3shgHklh4ANKgEAjzZMbxdOt
            roBjU/M7UF31uedUfcDASQAXDm52Juy1v1UBNxIBb0mnNG7OlvffUukCAwEAAQ==
            -----END PUBLIC KEY-----
            """
        #expect(throws: CryptoError.invalidPublicKey("RSA modulus of 512 bits is outside 1024...16384")) {
            try RSAPublicKey(pem: pem512)
        }
        // A 1000-bit key as DER (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1000, public part).
        let der1000 = try hexBytes(
            "30819b300d06092a864886f70d010101050003818900308185027e00d09f53ddae3d7e64de1fefd8c5818acda161d82164ba15b6"
                + "58f19f844c08f939b3480bc075d24611056a1850b4ac97e31a2c0ecd628d6c95bc16c56ddf17c7c5f6c7ee48791f8e3bb3b7"
                + "787cd7d75fb4d7aab35ab51002a262449c27dd292710323745a9efb3561be832830c0821f190b877a450224ccabbac44dc03"
                + "770203010001")
        #expect(throws: CryptoError.invalidPublicKey("RSA modulus of 1000 bits is outside 1024...16384")) {
            try RSAPublicKey(derSubjectPublicKeyInfo: der1000)
        }
        // 128 bytes whose top bits are clear: 1017 bits, not 1024.
        #expect(throws: CryptoError.self) {
            try RSAPublicKey(modulus: [0x01] + [UInt8](repeating: 0xff, count: 127), exponent: [1, 0, 1])
        }
        let key = try RSAPublicKey(modulus: [0x80] + [UInt8](repeating: 0xff, count: 127), exponent: [1, 0, 1])
        #expect(key.bitCount == 1024)
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
        let results = CryptoSelfTest.run() + Secp256k1SelfTest.run()
        #expect(results.count >= 12)
        for result in results {
            #expect(result.passed, "\(result.name): \(result.detail)")
        }
    }
}
