import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

@testable import Firmware

/// Bad bytes give a typed error or a verdict, never a crash: every test image cut at many lengths, with header
/// bytes overwritten, and with length fields set to huge values.
@Suite("Firmware parser robustness")
struct RobustnessTests {
    @Test func truncatedAndMutatedImagesNeverCrash() throws {
        var cases = 0
        for entry in try TestImages.manifest() where entry.parse {
            let bytes = try TestImages.bytes(entry)
            let cuts = Set((0..<40).map { bytes.count * $0 / 40 } + [1, 3, 4, 255, 256, 1023, 1024, 2047, 16_320])
            for cut in cuts where cut < bytes.count {
                _ = try? FirmwareImage(bytes: Array(bytes.prefix(cut))).description
                cases += 1
            }
            // Overwrite each 4-byte field of the first 1 KiB with 0xFFFFFFFF (huge lengths, counts and indexes).
            for offset in stride(from: 0, to: min(bytes.count - 4, 1024), by: 4) {
                var mutated = bytes
                mutated.replaceSubrange(offset..<(offset + 4), with: [0xFF, 0xFF, 0xFF, 0xFF])
                if let image = try? FirmwareImage(bytes: mutated) {
                    let result = FirmwareVerifier().verify(image)
                    #expect(!result.genuine)
                }
                cases += 1
            }
        }
        reportVectorCount("truncated/mutated images handled without a crash", passed: cases, total: cases)
        #expect(cases > 2000)
    }

    @Test func lengthFieldsCannotClaimMoreThanTheFile() throws {
        // A vendor header claiming 4 GiB, a TRZR payload longer than the file, a DfuSe element past the end.
        var trzr = Array("TRZR".utf8) + [0xFF, 0xFF, 0xFF, 0x7F] + [UInt8](repeating: 0, count: 300)
        #expect(throws: FirmwareFormatError.self) { try FirmwareImage(bytes: trzr) }
        trzr.replaceSubrange(4..<8, with: [44, 0, 0, 0])
        #expect(throws: FirmwareFormatError.trailingBytes(what: "Trezor One legacy image", count: 8)) {
            try FirmwareImage(bytes: trzr)
        }
        let dfu = Array("DfuSe".utf8) + [1] + [0, 0, 0, 0] + [1] + [UInt8](repeating: 0, count: 40)
        #expect(throws: FirmwareFormatError.self) { try FirmwareImage(bytes: dfu) }
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        // The CRC-32 check value of "123456789" (zlib, PNG, Ethernet), and of the empty string.
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }
}

/// Text fields of an image are printed by `custos firmware inspect/verify`: control characters in them are escaped,
/// so a hostile image cannot drive the terminal (rewrite a REFUSED line, say). Found by reading the parsers while
/// writing the firmware fuzz targets' printable-text invariant.
@Suite("Firmware text shown to people")
struct FirmwareDisplayTextTests {
    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    static func image() throws -> [UInt8] {
        try TestImages.bytes(
            try #require(try TestImages.manifest().first { $0.file == "trezor/T3T1-firmware-dev.bin" }))
    }

    @Test func aVendorStringWithControlCharactersIsEscaped() throws {
        var bytes = try Self.image()
        let keyCount = Int(bytes[15])
        let text = 32 + 32 * keyCount + 1
        bytes[text] = 0x1B
        bytes[text + 1] = 0x0A
        let header = try TrezorVendorHeader(bytes)
        #expect(header.vendorText.hasPrefix("\\u{1B}\\u{A}"))
        let image = try FirmwareImage(bytes: bytes)
        for text in image.description.facts + FirmwareVerifier().verify(image).problems.map(\.message) {
            #expect(!Self.hasControlCharacter(text), "\(text)")
        }
    }

    @Test func aFirmwareMagicWithControlCharactersIsEscapedInTheError() throws {
        var bytes = try Self.image()
        let headerLength = Int(littleEndianUInt32(bytes, at: 4))
        bytes.replaceSubrange(headerLength..<(headerLength + 4), with: [0x54, 0x52, 0x5A, 0x1B])
        #expect(
            throws: FirmwareFormatError.invalidField(
                what: "Trezor firmware image", field: "firmware header magic TRZ\\u{1B}", reason: "is not TRZF")
        ) { try FirmwareImage(bytes: bytes) }
    }
}
