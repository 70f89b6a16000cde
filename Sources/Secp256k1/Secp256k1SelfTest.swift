public import CustosCrypto

/// Known-answer tests of the libsecp256k1 primitives (BIP340 vector 1, ECDSA with low-S), reported like the
/// CustosCrypto self-test they complete in `custos selftest`.
public enum Secp256k1SelfTest {
    public static func run() -> [CryptoSelfTest.Result] {
        var cases = KnownAnswerCases()
        let abc = Array("abc".utf8)
        cases.check("BIP340 sign and verify (vector 1)") {
            let key = try Secp256k1PrivateKey(
                bytes: [UInt8](hex: "B7E151628AED2A6ABF7158809CF4F3C762E7160F38B4DA56A784D9045190CFEF") ?? [])
            let message = [UInt8](hex: "243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89") ?? []
            let signature = try key.signSchnorr(
                message: message,
                auxiliaryRandomness: [UInt8](hex: "0000000000000000000000000000000000000000000000000000000000000001")
                    ?? [])
            let verified = try key.xOnlyPublicKey.isValidSchnorrSignature(signature, message: message)
            let expected =
                "6896bd60eeae296db48a229ff71dfe071bde413e6d43f917dc8dcf8c78de33418906d11ac976abccb20b091292bff4ea897efcb639ea871cfa95f6de339e4b0a"
            return (verified && signature.hexString == expected, verified ? signature.hexString : "does not verify")
        }
        cases.check("ECDSA secp256k1 sign, low-S and verify") {
            let key = try Secp256k1PrivateKey(bytes: [UInt8](repeating: 0x01, count: 32))
            let digest = SHA256.hash(abc)
            let signature = try key.signECDSA(digest: digest)
            let reparsed = try ECDSASignature(der: signature.der)
            let verified = try key.publicKey.isValidSignature(reparsed, digest: digest)
            let wrongDigest = try key.publicKey.isValidSignature(reparsed, digest: SHA256.hash([UInt8]()))
            return (verified && signature.isLowS && !wrongDigest, "verified: \(verified), low-S: \(signature.isLowS)")
        }
        return cases.results
    }
}
