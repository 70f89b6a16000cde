import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

/// CoSi (collective Ed25519) on the real Trezor vendor headers in shared/vectors/firmware/trezor: the aggregate of the
/// bootloader keys selected by the sigmask must verify the header digest exactly when trezorlib said so.
@Suite("Trezor vendor-header CoSi signatures")
struct TrezorCoSiTests {
    struct Expected: Decodable {
        struct Header: Decodable {
            let file: String
            let header_len: Int
            let sigmask: Int
            let signature_hex: String
            let header_digest_alg: String
            let header_digest_hex: String
            let valid_prod: Bool
            let valid_dev: Bool
            let prod_keyset: String
            let dev_keyset: String
            let combined_pubkey_prod: String?
            let combined_pubkey_dev: String?
        }
        let headers: [Header]
    }

    struct Keys: Decodable {
        struct Role: Decodable {
            let keys: [String]
            let sigs_needed: Int
        }
        struct KeySet: Decodable {
            let bootloader: Role
        }
        let keysets: [String: KeySet]
    }

    /// The verdict for one key set: aggregate the keys the sigmask names, then verify. Nil aggregate when the sigmask
    /// selects no key or a key the set does not have.
    private func verify(
        header: [UInt8], info: Expected.Header, keySet: Keys.KeySet
    ) throws -> (valid: Bool, aggregate: String?) {
        let selected = (0..<8).filter { info.sigmask & (1 << $0) != 0 }
        let keys = keySet.bootloader.keys
        guard !selected.isEmpty, selected.allSatisfy({ $0 < keys.count }) else { return (false, nil) }
        let aggregate = try Ed25519PublicKey.aggregate(
            selected.map { try Ed25519PublicKey(bytes: try hexBytes(keys[$0])) })
        let digest = try self.digest(header, algorithm: info.header_digest_alg)
        let signature = Array(header[(header.count - 64)...])
        let valid =
            selected.count >= keySet.bootloader.sigs_needed
            && aggregate.isValidSignature(signature, message: digest)
        return (valid, aggregate.bytes.hexString)
    }

    /// Header digest: the whole header with sigmask and signature (its last 65 bytes) zeroed.
    private func digest(_ header: [UInt8], algorithm: String) throws -> [UInt8] {
        var zeroed = header
        for index in (header.count - 65)..<header.count { zeroed[index] = 0 }
        switch algorithm {
        case "blake2s": return BLAKE2s.hash(zeroed)
        case "sha256": return SHA256.hash(zeroed)
        default: throw TestDataError("unknown digest algorithm \(algorithm)")
        }
    }

    @Test func everyHeaderMatchesTrezorlib() throws {
        let expected = try SharedVectors.decode(Expected.self, from: "firmware/trezor/expected.json")
        let keys = try SharedVectors.decode(Keys.self, from: "firmware/trezor/keys.json")
        var passed = 0
        var prodSignedPassing = 0
        var devSignedPassingDevOnly = 0
        var unsignedRefused = 0
        for info in expected.headers {
            let header = [UInt8](try SharedVectors.data("firmware/trezor/\(info.file)"))
            #expect(header.count == info.header_len, "\(info.file) length")
            guard header.count == info.header_len, header.count > 65 else { continue }
            #expect(Int(header[header.count - 65]) == info.sigmask, "\(info.file) sigmask byte")
            #expect(Array(header[(header.count - 64)...]).hexString == info.signature_hex)
            #expect(try digest(header, algorithm: info.header_digest_alg).hexString == info.header_digest_hex)

            let prodSet = try #require(keys.keysets[info.prod_keyset], "key set \(info.prod_keyset)")
            let devSet = try #require(keys.keysets[info.dev_keyset], "key set \(info.dev_keyset)")
            let prod = try verify(header: header, info: info, keySet: prodSet)
            let dev = try verify(header: header, info: info, keySet: devSet)
            #expect(prod.valid == info.valid_prod, "\(info.file) with production keys")
            #expect(dev.valid == info.valid_dev, "\(info.file) with development keys")
            #expect(prod.aggregate == info.combined_pubkey_prod, "\(info.file) production aggregate key")
            #expect(dev.aggregate == info.combined_pubkey_dev, "\(info.file) development aggregate key")
            if prod.valid == info.valid_prod && dev.valid == info.valid_dev
                && prod.aggregate == info.combined_pubkey_prod
                && dev.aggregate == info.combined_pubkey_dev
            {
                passed += 1
            }
            let name = info.file.split(separator: "/").last.map(String.init) ?? info.file
            let developmentBoard = info.prod_keyset == info.dev_keyset
            if name.hasSuffix("_signed_prod.bin") && prod.valid && !developmentBoard { prodSignedPassing += 1 }
            if name.hasSuffix("_signed_dev.bin") && dev.valid && !prod.valid { devSignedPassingDevOnly += 1 }
            if name.hasSuffix("_unsigned.bin") && !prod.valid && !dev.valid { unsignedRefused += 1 }
        }
        reportVectorCount(
            "Trezor vendor headers (CoSi, prod + dev keys)", passed: passed, total: expected.headers.count)
        print(
            "[vectors] Trezor: \(prodSignedPassing) prod-signed headers pass with production keys, "
                + "\(devSignedPassingDevOnly) dev-signed pass only with dev keys, \(unsignedRefused) unsigned refused")
        #expect(expected.headers.count == 89)
        #expect(passed == expected.headers.count)
        #expect(prodSignedPassing >= 10)
        #expect(devSignedPassingDevOnly >= 5)
        #expect(unsignedRefused >= 5)
    }

    @Test func tamperedHeaderFailsWithProductionKeys() throws {
        let expected = try SharedVectors.decode(Expected.self, from: "firmware/trezor/expected.json")
        let keys = try SharedVectors.decode(Keys.self, from: "firmware/trezor/keys.json")
        let info = try #require(expected.headers.first { $0.file == "T2T1/vendorheader_satoshilabs_signed_prod.bin" })
        var header = [UInt8](try SharedVectors.data("firmware/trezor/\(info.file)"))
        let keySet = try #require(keys.keysets[info.prod_keyset])
        #expect(try verify(header: header, info: info, keySet: keySet).valid)
        header[0x40] ^= 0x01
        #expect(try !verify(header: header, info: info, keySet: keySet).valid)
    }
}
