import CustosCrypto
import Firmware
import Testing

@Suite("Trezor device-side firmware hash")
struct TrezorFirmwareHashTests {
    /// Blank-area vectors of firmware-formats.md §3.11: BLAKE2s-256 of 0xFF over the whole area (the first two rows
    /// are asserted by Trezor's own emulator test), unkeyed and keyed with "Hello Trezor".
    @Test(arguments: [
        (
            TrezorModel.t1b1, "a184d460adaac3c059bf2240521b5ff89a6aa6c2a765165d28bee7f4cb9af051",
            "d75fee476eaa2bb3743ce3df42a143d775541878669078f1d8e2495027b9de39"
        ),
        (
            TrezorModel.t2t1, "d2db90a76a5636a7004ec3b48e71a955e0cbb2cb5a6fd7ae9fbef846bc166c8c",
            "666135d4bdc9039c7b51dbd45804a3b101754a59c42409865f1163c4122af50b"
        ),
        (
            TrezorModel.t3t1, "d2db90a76a5636a7004ec3b48e71a955e0cbb2cb5a6fd7ae9fbef846bc166c8c",
            "666135d4bdc9039c7b51dbd45804a3b101754a59c42409865f1163c4122af50b"
        ),
        (
            TrezorModel.t3w1, "6f64d60f29dadd23f0383c51a0c595b4a4d7da952a1f3c7a03de149f1f7a394c",
            "5e8428182037af625514b5b89626225285bdfeb3a1aceefa8c770630d6237a05"
        ),
        (
            TrezorModel.t3t2, "92357592590bab6bd2009cb4b42f5832f9f7d1de04c00d8eb3f12fec89ee133e",
            "88a94a4a328d56065bdf65c71cd897549d0e6348e80b138d35e8a850178a3f32"
        ),
    ])
    func blankFlashArea(model: TrezorModel, unkeyed: String, keyed: String) throws {
        let empty = [UInt8]()
        #expect(
            try TrezorFirmwareHash.expectedAnswer(installedImage: empty, model: model, challenge: empty).hexString
                == unkeyed)
        let challenge = Array("Hello Trezor".utf8)
        #expect(
            try TrezorFirmwareHash.expectedAnswer(installedImage: empty, model: model, challenge: challenge).hexString
                == keyed)
    }

    @Test func imageBytesAreHashedBeforeThePadding() throws {
        // An image that is itself all 0xFF is indistinguishable from erased flash; any other byte changes the answer.
        let challenge = [UInt8](repeating: 7, count: 32)
        let blank = try TrezorFirmwareHash.expectedAnswer(
            installedImage: [UInt8](), model: .t2b1, challenge: challenge)
        let ffImage = try TrezorFirmwareHash.expectedAnswer(
            installedImage: [UInt8](repeating: 0xff, count: 1000), model: .t2b1, challenge: challenge)
        let realImage = try TrezorFirmwareHash.expectedAnswer(
            installedImage: [UInt8](repeating: 0x00, count: 1000), model: .t2b1, challenge: challenge)
        #expect(blank == ffImage)
        #expect(blank != realImage)
        // Independent computation: the padded area hashed in one call.
        let padded =
            [UInt8](repeating: 0x00, count: 1000)
            + [UInt8](repeating: 0xff, count: TrezorModel.t2b1.firmwareAreaByteCount - 1000)
        #expect(realImage == (try BLAKE2s.hash(padded, key: challenge)))
    }

    @Test func refusesOversizedChallengeAndImage() {
        #expect(throws: DeviceHashError.challengeTooLong(33, maximum: 32)) {
            try TrezorFirmwareHash.expectedAnswer(
                installedImage: [UInt8](), model: .t1b1, challenge: [UInt8](repeating: 0, count: 33))
        }
        let area = TrezorModel.t1b1.firmwareAreaByteCount
        #expect(throws: DeviceHashError.imageLargerThanFlashArea(imageBytes: area + 1, areaBytes: area, model: .t1b1)) {
            try TrezorFirmwareHash.expectedAnswer(
                installedImage: [UInt8](repeating: 0, count: area + 1), model: .t1b1, challenge: [UInt8]())
        }
    }
}
