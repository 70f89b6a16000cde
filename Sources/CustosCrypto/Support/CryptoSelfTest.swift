/// Known-answer tests of every OpenSSL and libsodium primitive the facade offers, run by `custos selftest` (with the
/// Secp256k1 module's own) and by the test suite.
///
/// Each case recomputes a published answer (NIST FIPS 180 examples, RFC 4231, the BLAKE2 reference KAT, RFC 8032,
/// Wycheproof, Trezor's CoSi keys), so a broken or mismatched C library is caught before real work.
public enum CryptoSelfTest {
    public struct Result: Sendable {
        public let name: String
        public let passed: Bool
        public let detail: String

        package init(name: String, passed: Bool, detail: String) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    public static func run() -> [Result] {
        var cases = KnownAnswerCases()
        func check(_ name: String, _ body: () throws -> (Bool, String)) { cases.check(name, body) }
        let answer = KnownAnswerCases.answer
        let abc = Array("abc".utf8)

        for algorithm in OpenSSLAlgorithms.all {
            check("OpenSSL provides \(algorithm.name)") {
                (algorithm.pointer != nil, algorithm.pointer != nil ? "fetched" : "missing from the default provider")
            }
        }
        guard cases.results.allSatisfy(\.passed) else { return cases.results }

        check("SHA-256 (FIPS 180 \"abc\")") {
            answer(SHA256.hash(abc), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        }
        check("SHA-512 (FIPS 180 \"abc\")") {
            answer(
                SHA512.hash(abc),
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                    + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        }
        check("RIPEMD-160 (\"abc\")") { answer(RIPEMD160.hash(abc), "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc") }
        check("HMAC-SHA512 (RFC 4231 case 1)") {
            answer(
                HMACSHA512.authenticationCode(
                    key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)),
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                    + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854")
        }
        check("BLAKE2s-256 (reference KAT, empty)") {
            answer(BLAKE2s.hash([UInt8]()), "69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9")
        }
        check("BLAKE2s-256 keyed (reference KAT, 3 bytes)") {
            answer(
                try BLAKE2s.hash([0, 1, 2], key: (0..<32).map { UInt8($0) }),
                "1d220dbe2ee134661fdf6d9e74b41704710556f2f6e5a091b227697445dbea6b")
        }
        check("Ed25519 (RFC 8032 test 1)") {
            let key = try Ed25519PrivateKey(
                seed: [UInt8](hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60") ?? [])
            let signature = try key.signature(for: [UInt8]())
            let expected =
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
            let verified = key.publicKey.isValidSignature(signature, message: [UInt8]())
            return (
                verified && signature.hexString == expected
                    && key.publicKey.bytes.hexString
                        == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                signature.hexString
            )
        }
        check("Ed25519 point addition (Trezor T2T1 SatoshiLabs vendor keys 1+2)") {
            let keys = try [
                "47fbdc84d8abef44fe6abde8f87b6ead821b7082ec63b9f7cc33dc53bf6c708d",
                "9af22a52ab47a93091403612b3d6731a2dfef8a33383048ed7556a20e8b03c81",
            ].map { try Ed25519PublicKey(bytes: [UInt8](hex: $0) ?? []) }
            return answer(
                try Ed25519PublicKey.aggregate(keys).bytes,
                "c209dc80a5d8a16ef7b4372ab88573a6c02e9221eb3277bf0bc12a7f64c8d2f8")
        }
        check("ECDSA P-256 verify (Wycheproof tcId 1)") {
            let key = try P256PublicKey(
                bytes: [UInt8](
                    hex: "042927b10512bae3eddcfe467828128bad2903269919f7086069c8c4df6c7328"
                        + "38c7787964eaac00e5921fb1498a60f4606766b3d9685001558d1a974e734151"
                        + "3e"
                ) ?? [])
            let signature =
                [UInt8](
                    hex: "2ba3a8be6b94d5ec80a6d9d1190a436effe50d85a1eee859b8cc6af9bd5c2e18"
                        + "4cd60b855d442f5b3c7b11eb6c4e0ae7525fe710fab9aa7c77a67f79e6fadd76"
                ) ?? []
            let message = [UInt8](hex: "313233343030") ?? []
            let verified = key.isValidSignature(signature, message: message)
            let tampered = key.isValidSignature(signature, message: message + [0])
            return (verified && !tampered, "verified: \(verified), tampered accepted: \(tampered)")
        }
        check("RSA-PSS-SHA256 3072 verify (Wycheproof tcId 1)") {
            let key = try RSAPublicKey(
                modulus: [UInt8](
                    hex:
                        "00c6fe23792566023c265287c5ac6f71541c0994d11d059ee6403986efa21c24b51bd91d8862f9df79a4e328e3e27c83"
                        + "df260b25a9b43420affc44b51e8d7525b6f29c372a405104732007527a62ed82fac73f4892a80e09682a41a58cd34701"
                        + "7f3be7d801334f92d9321aafd53b51bffabfc752cfccae0b1ee03bdaff9e428cc1c117f1ac96b4fe23f8c23e6381186a"
                        + "66fd59289339ae55c4bcdadbff84abdaa532240d4e1d28b2d0481dadd3b246557ca8fe18092817730b39e6ee378ffcc8"
                        + "5b19ffdc916a9b991a6b66d4a9c7bab5f5e7a3722101142e7a4108c15d573b15289e07e46eaea07b42c2abcba330e995"
                        + "54b4656165bb4c0db2b6393a07eca575c51a93c4e15bdb0f747909447e3efe34c67ca8954b530e56a20a1b6d84d45ed1"
                        + "bcd3aa58ec06f184ee5857aaa819e1cca9a26f4e28d6b977d33916db9896d252d1afa762e287cb0d384cc75bfe53f4e9"
                        + "22d02dd0a481c042e2d306b4b3c189371e575b25e0005a164cf69dd0976e4d5be476806ea6be6084e71ab4f5ac5c1b12"
                        + "03"
                ) ?? [],
                exponent: [UInt8](hex: "010001") ?? [])
            let signature =
                [UInt8](
                    hex:
                        "b520065682633ba54c9b713b2ef19cdc1fcf275ba1744c2350da7307a20971cc30eefa37d1667d23d20001a674f0e00d"
                        + "f4f9b9e1d5fe7eb85cc45cab5dd625759de83017995c93d48b126df03aa74ef87daea0c1652dd370ad5d663598a383ca"
                        + "c217a208b22c7cf0e448cc7ae0555f892ccb8ded6894cfb0c328cb542be0485d860ca77203081f3b04c6f55c5689b1a6"
                        + "6b1c24819a4a7ea55f32e00f61accf4b411bb320a96c990173b63ccd74e7da7df5ceaf33a39a8acb89a845a594b164ec"
                        + "6e22cce940eb06f2d487a8bc4574451878c2bbf57d241f76586e0703bf5f86bee832d05b75fabaed6accadfc1ec2cd6e"
                        + "619dbb29b65d6e6f5e118ad52d82a955d21005ecd63fb382f32bb8e2e1e57220b345cd6422bdd84a91495d0ab5775b08"
                        + "139edee960dab1b4ffd9ea5b27398b58e6e35211c3581501e99bf5e3f17fd79381528d28a4927e28082f45bfa9519f98"
                        + "ea663dc84c50317adf0bd5da98b01459011cec61800534dd5afc5a567c19e4a400f06dee74112083b5322615c144ce3b"
                ) ?? []
            let message = [UInt8](hex: "") ?? []
            let verified = key.isValidPSSSignature(signature, message: message)
            let tampered = key.isValidPSSSignature(signature, message: message + [0])
            return (
                verified && !tampered && key.bitCount == 3072,
                "verified: \(verified), tampered accepted: \(tampered)"
            )
        }
        return cases.results
    }
}

/// The results of known-answer checks, in order; a check that throws is a failure carrying the error.
package struct KnownAnswerCases {
    package private(set) var results: [CryptoSelfTest.Result] = []

    package init() {}

    package mutating func check(_ name: String, _ body: () throws -> (Bool, String)) {
        do {
            let (passed, detail) = try body()
            results.append(CryptoSelfTest.Result(name: name, passed: passed, detail: detail))
        } catch {
            results.append(CryptoSelfTest.Result(name: name, passed: false, detail: "\(error)"))
        }
    }

    /// Whether computed bytes are the published answer (lowercase hex), with what was computed if not.
    package static func answer(_ got: [UInt8], _ expected: String) -> (Bool, String) {
        (got.hexString == expected, got.hexString == expected ? expected : "got \(got.hexString)")
    }
}
