internal import COpenSSL
internal import CSecp256k1
internal import CustosCrypto
internal import Secp256k1

/// Issue 2's figures: hashing throughput on a 2 MB buffer against one direct OpenSSL EVP pass, and secp256k1
/// ECDSA / BIP340 verifications per second against direct libsecp256k1 calls.
enum CryptoBenchmark {
    static func run() {
        let buffer = (0..<(2 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        let megabytes = Double(buffer.count) / 1_000_000

        print("## Crypto facade (CustosCrypto)\n")
        print("| operation | Custos | direct C call | ratio |")
        print("|---|---:|---:|---:|")

        let sha = Measure.best(repetitions: 20) { blackHole(SHA256.hash(buffer)) }
        let shaDirect = Measure.best(repetitions: 20) { blackHole(evpDigest(buffer, EVP_sha256())) }
        row("SHA-256, 2 MB (MB/s)", megabytes / sha, megabytes / shaDirect)

        let blake = Measure.best(repetitions: 20) { blackHole(BLAKE2s.hash(buffer)) }
        let blakeDirect = Measure.best(repetitions: 20) { blackHole(evpDigest(buffer, EVP_blake2s256())) }
        row("BLAKE2s-256, 2 MB (MB/s)", megabytes / blake, megabytes / blakeDirect)

        var streaming = 0.0
        streaming = Measure.best(repetitions: 20) {
            var hasher = SHA256.Hasher()
            var offset = 0
            while offset < buffer.count {
                hasher.update(buffer[offset..<min(offset + 65536, buffer.count)])
                offset += 65536
            }
            blackHole(hasher.finalize())
        }
        row("SHA-256 streaming in 64 KiB blocks (MB/s)", megabytes / streaming, megabytes / shaDirect)

        let count = 2000
        guard let fixtures = try? makeSignatures(count: count) else {
            print("cannot create signing fixtures")
            return
        }
        let ecdsa = Measure.best {
            for fixture in fixtures {
                blackHole(fixture.publicKey.isValidSignature(fixture.ecdsa, digest: fixture.digest))
            }
        }
        let ecdsaDirect = Measure.best { blackHole(directECDSA(fixtures)) }
        row("ECDSA secp256k1 verify (per second)", Double(count) / ecdsa, Double(count) / ecdsaDirect, decimals: 0)

        let schnorr = Measure.best {
            for fixture in fixtures {
                blackHole(fixture.xOnly.isValidSchnorrSignature(fixture.schnorr, message: fixture.digest))
            }
        }
        let schnorrDirect = Measure.best { blackHole(directSchnorr(fixtures)) }
        row("BIP340 verify (per second)", Double(count) / schnorr, Double(count) / schnorrDirect, decimals: 0)
        print("")
    }

    private static func row(_ name: String, _ custos: Double, _ direct: Double, decimals: Int = 1) {
        print(
            "| \(name) | \(Measure.format(custos, decimals: decimals)) | \(Measure.format(direct, decimals: decimals)) "
                + "| \(Measure.format(custos / direct, decimals: 2)) |")
    }

    private static func evpDigest(_ bytes: [UInt8], _ md: OpaquePointer?) -> UInt8 {
        var output = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        _ = EVP_Digest(bytes, bytes.count, &output, &length, md, nil)
        return output[0]
    }

    struct Fixture {
        let publicKey: Secp256k1PublicKey
        let xOnly: XOnlyPublicKey
        let digest: [UInt8]
        let ecdsa: ECDSASignature
        let schnorr: [UInt8]
    }

    private static func makeSignatures(count: Int) throws -> [Fixture] {
        try (0..<count).map { index in
            var secret = SHA256.hash(Array("custos benchmark key \(index)".utf8))
            secret[0] = 0x01
            let key = try Secp256k1PrivateKey(bytes: secret)
            let digest = SHA256.hash(Array("message \(index)".utf8))
            return Fixture(
                publicKey: try key.publicKey, xOnly: try key.xOnlyPublicKey, digest: digest,
                ecdsa: try key.signECDSA(digest: digest),
                schnorr: try key.signSchnorr(message: digest, auxiliaryRandomness: [UInt8](repeating: 0, count: 32)))
        }
    }

    /// The same verifications with raw libsecp256k1 calls on pre-parsed keys and signatures (the floor).
    private static func directECDSA(_ fixtures: [Fixture]) -> Int {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else { return 0 }
        defer { secp256k1_context_destroy(context) }
        var parsed: [(secp256k1_pubkey, secp256k1_ecdsa_signature, [UInt8])] = []
        for fixture in fixtures {
            var key = secp256k1_pubkey()
            var signature = secp256k1_ecdsa_signature()
            _ = secp256k1_ec_pubkey_parse(context, &key, fixture.publicKey.compressed, 33)
            _ = secp256k1_ecdsa_signature_parse_compact(context, &signature, fixture.ecdsa.compact)
            parsed.append((key, signature, fixture.digest))
        }
        var valid = 0
        for index in parsed.indices {
            valid += Int(secp256k1_ecdsa_verify(context, &parsed[index].1, parsed[index].2, &parsed[index].0))
        }
        return valid
    }

    private static func directSchnorr(_ fixtures: [Fixture]) -> Int {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else { return 0 }
        defer { secp256k1_context_destroy(context) }
        var parsed: [(secp256k1_xonly_pubkey, [UInt8], [UInt8])] = []
        for fixture in fixtures {
            var key = secp256k1_xonly_pubkey()
            _ = secp256k1_xonly_pubkey_parse(context, &key, fixture.xOnly.bytes)
            parsed.append((key, fixture.schnorr, fixture.digest))
        }
        var valid = 0
        for index in parsed.indices {
            valid += Int(secp256k1_schnorrsig_verify(context, parsed[index].1, parsed[index].2, 32, &parsed[index].0))
        }
        return valid
    }
}
