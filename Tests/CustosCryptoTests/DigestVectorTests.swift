import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

@Suite("Digests against published vectors")
struct DigestVectorTests {
    struct ShortVector: Decodable {
        let label: String?
        let hex: String?
        let ascii_repeat: String?
        let `repeat`: Int?
        let digest: String

        func input() throws -> [UInt8] {
            if let ascii_repeat, let `repeat` {
                return Array(String(repeating: ascii_repeat, count: `repeat`).utf8)
            }
            return try hexBytes(hex ?? "")
        }
    }

    struct ShortVectorFile: Decodable {
        struct Section: Decodable { let vectors: [ShortVector] }
        let ripemd160: Section
        let sha256: Section
        let hash160: Section
    }

    @Test func ripemd160SHA256AndHash160ShortVectors() throws {
        let file = try SharedVectors.decode(ShortVectorFile.self, from: "crypto/hash_short_vectors.json")
        let sections: [(String, [ShortVector], ([UInt8]) -> [UInt8])] = [
            ("RIPEMD-160", file.ripemd160.vectors, { RIPEMD160.hash($0) }),
            ("SHA-256", file.sha256.vectors, { SHA256.hash($0) }),
            ("HASH160", file.hash160.vectors, { Hash160.hash($0) }),
        ]
        for (name, vectors, function) in sections {
            var passed = 0
            for vector in vectors {
                let got = function(try vector.input()).hexString
                #expect(got == vector.digest, "\(name) \(vector.label ?? vector.hex ?? "")")
                if got == vector.digest { passed += 1 }
            }
            reportVectorCount("\(name) short vectors", passed: passed, total: vectors.count)
            #expect(vectors.count >= 2)
        }
    }

    struct Blake2Vector: Decodable {
        let `in`: String
        let key: String
        let out: String
    }

    struct Blake2File: Decodable {
        let vectors: [Blake2Vector]
    }

    @Test func blake2sReferenceKnownAnswers() throws {
        let file = try SharedVectors.decode(Blake2File.self, from: "crypto/blake2s/blake2s-kat.json")
        var passed = 0
        var keyed = 0
        for vector in file.vectors {
            let input = try hexBytes(vector.in)
            let key = try hexBytes(vector.key)
            let got = try BLAKE2s.hash(input, key: key)
            if !key.isEmpty { keyed += 1 } else { #expect(BLAKE2s.hash(input) == got) }
            #expect(got.hexString == vector.out, "in \(vector.in.count / 2) bytes, key \(key.count) bytes")
            if got.hexString == vector.out { passed += 1 }
        }
        reportVectorCount("BLAKE2s KAT (256 unkeyed + 256 keyed)", passed: passed, total: file.vectors.count)
        #expect(file.vectors.count == 512)
        #expect(keyed == 256)
    }

    @Test func streamingEqualsOneShotAtEverySplit() throws {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let key = (0..<32).map { UInt8($0) }
        let sha = SHA256.hash(message)
        let blake = try BLAKE2s.hash(message, key: key)
        for split in stride(from: 0, through: message.count, by: 13) {
            var shaHasher = SHA256.Hasher()
            shaHasher.update(message[..<split])
            shaHasher.update(message[split...])
            #expect(shaHasher.finalize() == sha)

            var blakeHasher = try BLAKE2s.Hasher(key: key)
            blakeHasher.update(message[..<split])
            blakeHasher.update(message[split...])
            #expect(blakeHasher.finalize() == blake)
        }
    }

    @Test func hasherCopiesAreIndependent() throws {
        var first = try BLAKE2s.Hasher(key: [1, 2, 3])
        first.update([0xaa])
        var second = first
        second.update([0xbb])
        first.update([0xcc])
        #expect(first.finalize() == (try BLAKE2s.hash([0xaa, 0xcc], key: [1, 2, 3])))
        #expect(second.finalize() == (try BLAKE2s.hash([0xaa, 0xbb], key: [1, 2, 3])))

        var sha = SHA256.Hasher()
        sha.update([1])
        var shaCopy = sha
        shaCopy.update([2])
        #expect(sha.finalize() == SHA256.hash([1]))
        #expect(shaCopy.finalize() == SHA256.hash([1, 2]))
    }

    @Test func doubleSHA256AndTaggedHash() {
        // Bitcoin's genesis block header hashes to the well-known block id (byte-reversed in explorers).
        let genesisHeader = [UInt8](
            hex: "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e"
                + "67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c")
        #expect(genesisHeader != nil)
        let id = SHA256.doubleHash(genesisHeader ?? []).reversed().hexString
        #expect(id == "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f")

        // BIP340 tagged hash is SHA256(SHA256(tag) || SHA256(tag) || data).
        let tag = SHA256.hash(Array("TapLeaf".utf8))
        #expect(SHA256.taggedHash(tag: "TapLeaf", [1, 2, 3]) == SHA256.hash(tag + tag + [1, 2, 3]))
    }

    /// RFC 4231 HMAC-SHA-512 test cases 1, 2, 3, 4, 6 and 7 (case 5 is a truncated output).
    @Test(arguments: [
        (
            String(repeating: "0b", count: 20), "4869205468657265",
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
        ),
        (
            "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        ),
        (
            String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
            "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"
        ),
        (
            "0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
            "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"
        ),
        (
            String(repeating: "aa", count: 131),
            "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
            "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
        ),
        (
            String(repeating: "aa", count: 131),
            "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
            "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"
        ),
    ])
    func hmacSHA512RFC4231(key: String, data: String, mac: String) throws {
        #expect(HMACSHA512.authenticationCode(key: try hexBytes(key), message: try hexBytes(data)).hexString == mac)
    }

    @Test func emptyInputsHashWithoutCrashing() throws {
        #expect(SHA256.hash([UInt8]()).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA512.hash([UInt8]()).count == 64)
        #expect(RIPEMD160.hash([UInt8]()).hexString == "9c1185a5c5e9fc54612808977ee8f548b2258d31")
        #expect(HMACSHA512.authenticationCode(key: [UInt8](), message: [UInt8]()).count == 64)
        #expect(try BLAKE2s.hash([UInt8](), key: [UInt8]()) == BLAKE2s.hash([UInt8]()))
    }
}
