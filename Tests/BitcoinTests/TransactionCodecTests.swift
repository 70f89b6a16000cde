import Bitcoin
import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

@Suite("transaction and encoding codecs")
struct TransactionCodecTests {
    /// Every transaction in Bitcoin Core's tx_valid.json decodes and re-encodes byte for byte; for non-witness
    /// transactions the txid is the double SHA-256 of the given bytes and the weight four times their size.
    @Test func coreValidTransactionsRoundTrip() throws {
        guard let rows = try SharedVectors.json("psbt/bitcoin-core/tx_valid.json") as? [[Any]] else {
            throw TestDataError("tx_valid.json is not an array")
        }
        var total = 0
        var passed = 0
        for row in rows where row.first is [Any] {
            guard let hex = row[1] as? String else { throw TestDataError("malformed tx_valid row") }
            total += 1
            let bytes = try hexBytes(hex)
            let transaction = try Transaction(serialized: bytes)
            var ok = transaction.serialized() == bytes
            ok = ok && transaction.serializedCount() == bytes.count
            if !transaction.hasWitness {
                ok = ok && transaction.txid.bytes == SHA256.doubleHash(bytes)
                ok = ok && transaction.weight == 4 * bytes.count
            }
            #expect(ok, "tx_valid row \(total)")
            if ok { passed += 1 }
        }
        reportVectorCount("Bitcoin Core tx_valid.json (decode/encode)", passed: passed, total: total)
        #expect(total == 121)
        #expect(passed == total)
    }

    @Test func segwitTransactionWeightAndIDs() throws {
        // BIP143's native P2WPKH example, signed: 2 inputs, one with a witness.
        let hex =
            "01000000000102fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f00000000494830450221008b9d1dc26ba6a9cb62127b02742fa9d754cd3bebf337f7a55d114c8e5cdd30be022040529b194ba3f9281a99f2b1c0a19c0489bc22ede944ccf4ecbab4cc618ef3ed01eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac000247304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee0121025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee635711000000"
        let bytes = try hexBytes(hex)
        let transaction = try Transaction(serialized: bytes)
        let stripped = transaction.serialized(includingWitness: false)
        #expect(transaction.weight == 3 * stripped.count + bytes.count)
        #expect(transaction.virtualSize == (transaction.weight + 3) / 4)
        #expect(transaction.wtxid.bytes == SHA256.doubleHash(bytes))
        #expect(transaction.txid.bytes == SHA256.doubleHash(stripped))
        #expect(transaction.txid.description == Array(SHA256.doubleHash(stripped).reversed()).hexString)
        // Read without witness support, the marker makes the bytes a different, invalid transaction.
        #expect(throws: DecodingError.self) { try Transaction(serialized: bytes, allowWitness: false) }
    }

    @Test func malformedTransactionsAreRefusedWithoutLargeAllocations() throws {
        // Input count 0xffffffff with nothing behind it: refused before any array is sized from it.
        let hugeCount: [UInt8] = [1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0xff]
        #expect(throws: DecodingError.self) { try Transaction(serialized: hugeCount) }
        // A script length pointing past the end.
        var shortScript: [UInt8] = [1, 0, 0, 0, 1] + [UInt8](repeating: 0, count: 36) + [0xfd, 0xff, 0xff]
        shortScript += [0, 0]
        #expect(throws: DecodingError.self) { try Transaction(serialized: shortScript) }
        // Marker and flag followed by inputs without witness data: "superfluous witness record".
        let superfluous = try hexBytes(
            "0200000000010100000000000000000000000000000000000000000000000000000000000000000000000000ffffffff0100000000000000000000000000"
        )
        #expect(throws: DecodingError.invalid("superfluous witness record")) {
            try Transaction(serialized: superfluous)
        }
        // Trailing bytes after the lock time.
        let empty: [UInt8] = [2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(throws: DecodingError.trailingBytes("transaction")) {
            try Transaction(serialized: empty + [0], allowWitness: false)
        }
    }

    @Test func compactSizesMustBeMinimal() throws {
        for (bytes, value) in [([0xfc], 0xfc), ([0xfd, 0xfd, 0x00], 0xfd), ([0xfe, 0x00, 0x00, 0x01, 0x00], 0x10000)]
            as [([UInt8], UInt64)]
        {
            var reader = ByteReader(bytes)
            #expect(try reader.readCompactSize() == value)
            var written: [UInt8] = []
            written.appendCompactSize(value)
            #expect(written == bytes)
        }
        for bytes: [UInt8] in [[0xfd, 0xfc, 0x00], [0xfe, 0xff, 0xff, 0x00, 0x00], [0xff, 1, 0, 0, 0, 0, 0, 0, 0]] {
            var reader = ByteReader(bytes)
            #expect(throws: DecodingError.nonCanonicalCompactSize) { try reader.readCompactSize() }
        }
        var truncated = ByteReader([0xfe, 0x01])
        #expect(throws: DecodingError.truncated("compact size")) { try truncated.readCompactSize() }
        var tooLarge = ByteReader([0xfe, 0x01, 0x00, 0x00, 0x02])
        #expect(throws: DecodingError.sizeTooLarge("length")) { try tooLarge.readLength("length") }
    }

    @Test func base64IsStrict() throws {
        let samples: [[UInt8]] = [[], [0], [0, 1], [0, 1, 2], Array(0...255)]
        for sample in samples {
            let text = Base64.encode(sample)
            #expect(Base64.decode(Array(text.utf8)) == sample)
            #expect(text == Data(sample).base64EncodedString())
        }
        for bad in ["A", "AA=", "AB==", "AAA=A", "A===", "AA==AA==", "AA AA", "AA\nA", "AAA-", "AAB="] {
            #expect(Base64.decode(Array(bad.utf8)) == nil, "accepted \(bad)")
        }
    }

    @Test func base58CheckAndBech32() throws {
        let payload: [UInt8] = [0, 0, 1, 2, 3]
        let text = Base58.encodeCheck(payload)
        #expect(Base58.decodeCheck(text) == payload)
        #expect(text.hasPrefix("11"))
        #expect(Base58.decodeCheck(String(text.dropLast()) + (text.last == "1" ? "2" : "1")) == nil)
        #expect(Base58.decode("0OIl") == nil)
        #expect(Base58.decode(String(repeating: "2", count: 300)) == nil)
        // BIP173 / BIP350 example strings.
        #expect(Bech32.decode("A12UEL5L")?.variant == .bech32)
        #expect(Bech32.decode("a1lqfn3a")?.variant == .bech32m)
        #expect(Bech32.decode("A1G7SGD8") == nil)
        #expect(Bech32.decode("aB12uel5l") == nil)
    }
}
