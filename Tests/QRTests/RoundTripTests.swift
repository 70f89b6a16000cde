import CustosCrypto
import CustosTestSupport
import Foundation
import QR
import Testing

/// Custos's own parts reassembled by Custos in any order, with duplicates and (UR) extra fountain parts, and
/// refusals of malformed series. The vector suites are the independent oracle; these check the combinations.
@Suite("QR round trips and refusals")
struct RoundTripTests {
    static let files = ["1in2out.psbt", "1in10out.psbt", "1in100out.psbt", "1in1000out.psbt"]

    @Test("BBQr H, 2 and Z parts rejoin shuffled with duplicates", arguments: files)
    func bbqrShuffled(file: String) throws {
        let bytes = Array(try SharedVectors.data("qr/bbqr/test_data/" + file))
        var rng = Xoshiro256(seed: Array(file.utf8))
        for encoding in BBQrEncoding.allCases {
            let series = try BBQrSplitter.split(
                bytes, fileType: .psbt, encoding: encoding, options: BBQrSplitOptions(maximumVersion: 15))
            var parts = Fountain.shuffled(series.parts, rng: &rng, count: series.parts.count)
            parts += parts.prefix(3)
            let joined = try BBQrJoiner.join(parts)
            #expect(joined.bytes == bytes && joined.fileType == .psbt)
            // Every part missing in turn leaves the series incomplete.
            #expect(throws: QRCodecError.self) { try BBQrJoiner.join(series.parts.dropLast()) }
        }
    }

    @Test("UR parts rejoin from any order, duplicates and rateless parts only", arguments: files)
    func urFountain(file: String) throws {
        let bytes = Array(try SharedVectors.data("qr/bbqr/test_data/" + file))
        var encoder = UREncoder(type: "crypto-psbt", cbor: URPayload.cbor(for: bytes), maximumFragmentLength: 200)
        let count = encoder.sequenceLength
        let fixed = (0..<count).map { _ in encoder.nextPart().uppercased() }
        var rng = Xoshiro256(seed: Array(file.utf8))
        // Fixed-rate parts shuffled with duplicates.
        let shuffled = Fountain.shuffled(fixed + fixed.prefix(2), rng: &rng, count: fixed.count + 2)
        #expect(try QRAssembler.assemble(shuffled).bytes == bytes)
        guard count > 1 else { return }
        // One fixed-rate part lost, then rateless parts until the mixes fill the gap (the reference peeling
        // decoder with the ideal soliton degrees needs a variable number; bound it generously).
        var lossy = QRAssembler()
        for part in fixed.dropFirst() { try lossy.add(part) }
        var rateless = encoder
        var extra = 0
        while !lossy.isComplete && extra < 20 * count {
            try lossy.add(rateless.nextPart())
            extra += 1
        }
        #expect(try lossy.result().bytes == bytes)
        // Rateless parts only, from seqNum 10 × seqLen onwards.
        var late = UREncoder(
            type: "crypto-psbt", cbor: URPayload.cbor(for: bytes), maximumFragmentLength: 200,
            firstSequenceNumber: UInt32(10 * count))
        var onlyRateless = QRAssembler()
        var fed = 0
        while !onlyRateless.isComplete && fed < 40 * count {
            try onlyRateless.add(late.nextPart().uppercased())
            fed += 1
        }
        #expect(try onlyRateless.result().bytes == bytes)
        #expect(fed >= count)
    }

    @Test("UR refusals: bad CRC, other message, absurd lengths, legacy UR")
    func urRefusals() throws {
        let bytes = Array(try SharedVectors.data("qr/bbqr/test_data/1in10out.psbt"))
        var encoder = UREncoder(type: "crypto-psbt", cbor: URPayload.cbor(for: bytes), maximumFragmentLength: 100)
        let first = encoder.nextPart()
        var tampered = Array(first.utf8)
        tampered[tampered.count - 10] =
            tampered[tampered.count - 10] == UInt8(ascii: "a") ? UInt8(ascii: "e") : UInt8(ascii: "a")
        var decoder = URDecoder()
        #expect(throws: QRCodecError.self) { try decoder.receive(String(decoding: tampered, as: UTF8.self)) }
        try decoder.receive(first)
        var other = UREncoder(type: "crypto-psbt", cbor: URPayload.cbor(for: bytes + [0]), maximumFragmentLength: 100)
        #expect(throws: QRCodecError.self) { try decoder.receive(other.nextPart()) }
        // A part declaring 2^32-1 fragments or a 4 GB message is refused before anything is allocated.
        let absurd = FountainPart(
            sequenceNumber: 1, sequenceLength: 1 << 30, messageLength: 100, checksum: 1, data: [1, 2, 3])
        #expect(throws: QRCodecError.self) { try FountainPart(cbor: absurd.cbor) }
        let huge = FountainPart(
            sequenceNumber: 1, sequenceLength: 2, messageLength: Int(UInt32.max), checksum: 1, data: [1, 2, 3])
        #expect(throws: QRCodecError.self) { try FountainPart(cbor: huge.cbor) }
        #expect(throws: QRCodecError.self) { try URString(parsing: "ur:bytes/1of3/abcdef/fc38n9ue84vu8ra8") }
        // A byte string claiming 2^62 bytes is refused by its length, not by running out of memory.
        let claim: [UInt8] = [0x5b, 0x40, 0, 0, 0, 0, 0, 0, 0]
        #expect(throws: QRCodecError.self) {
            try QRAssembler.assemble([URString(type: "bytes", cbor: claim).text])
        }
        #expect(throws: QRCodecError.unsupportedURType("seed")) {
            try QRAssembler.assemble(["ur:seed/oyadgdstaslplabghydrpfmkbggufgludprfgmamdpwmox"])
        }
    }

    @Test("BBQr refusals: absurd declared size, glued parts, a new series in the middle")
    func bbqrRefusals() throws {
        // 1295 parts of 2,000 bytes each would be 2.6 MB; 1295 × 4,288 hex characters stays under the cap,
        // but a body longer than any QR is refused outright.
        #expect(throws: QRCodecError.self) {
            try BBQrJoiner.join(["B$HPZZ00" + String(repeating: "00", count: 5000)])
        }
        var assembler = QRAssembler()
        try assembler.add("B$2U0200JBSWY3DPFQQEEQSR")
        #expect(assembler.missingCount == 1 && assembler.totalCount == 2)
        #expect(throws: QRCodecError.self) { try assembler.add("UR:BYTES/HDEYMEJTSWHHYLKEPMYKHHTSYTSNOYOYAXAEDSUTT") }
        #expect(throws: QRCodecError.self) { try assembler.result() }
    }

    @Test("a file is classified and encoded as the kind it is")
    func classification() throws {
        let psbt = Array(try SharedVectors.data("qr/bbqr/test_data/1in2out.psbt"))
        #expect(QRFileEncoder.classify(psbt).kind == .psbt)
        let base64 = Array((Data(psbt).base64EncodedString() + "\n").utf8)
        #expect(QRFileEncoder.classify(base64) == (.psbt, psbt))
        let transactionHex = Array(try SharedVectors.data("qr/bbqr/test_data/finalized-by-ckcc.txn"))
        #expect(QRFileEncoder.classify(transactionHex).kind == .transaction)
        #expect(QRFileEncoder.classify(Array("hello".utf8)).kind == .text)
        #expect(QRFileEncoder.classify([0xff, 0xfe, 0x00]).kind == .binary)
    }
}

/// Random single-character corruptions of real parts: never a crash, and a UR series never assembles to other
/// bytes than the original (its CRC-32 catches the change); a BBQr series has no checksum, so a changed body may
/// assemble, but a changed header never joins a different file silently.
@Suite("QR parts under corruption")
struct CorruptionTests {
    @Test("2,000 corrupted UR and BBQr series")
    func corruptedSeries() throws {
        let bytes = Array(try SharedVectors.data("qr/bbqr/test_data/1in10out.psbt"))
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:abcdefghijklmnopqrstuvwxyz".utf8)
        var rng = Xoshiro256(seed: Array("corruption".utf8))
        var urAssembled = 0
        var refused = 0
        for format in QRTransportFormat.allCases {
            let parts = try QRFileEncoder.parts(bytes, kind: .psbt, format: format, maximumVersion: 8)
            for _ in 0..<1_000 {
                var corrupted = parts
                let which = rng.nextInt(0, parts.count - 1)
                var characters = Array(corrupted[which].utf8)
                let position = rng.nextInt(0, characters.count - 1)
                characters[position] = alphabet[rng.nextInt(0, alphabet.count - 1)]
                corrupted[which] = String(decoding: characters, as: UTF8.self)
                do {
                    let payload = try QRAssembler.assemble(corrupted)
                    if format == .ur {
                        #expect(payload.bytes == bytes, "a corrupted UR series assembled to other bytes")
                        urAssembled += 1
                    } else if position < BBQrHeader.length {
                        #expect(payload.bytes == bytes, "a corrupted BBQr header joined other bytes")
                    }
                } catch {
                    refused += 1
                }
            }
        }
        // Most corruptions are refused; the ones that assemble (an unchanged character, a letter's case in UR)
        // gave the original bytes.
        #expect(refused > 1_000)
        print("[corruption] refused \(refused) of 2000; UR series still assembling to the original: \(urAssembled)")
    }
}
