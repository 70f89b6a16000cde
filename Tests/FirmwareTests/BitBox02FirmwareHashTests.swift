import CustosCrypto
import CustosTestSupport
import Foundation
import Testing

@testable import Firmware

/// The BitBox02 bootloader's firmware hash, reproduced from a signed image; the generator computed the same values
/// in Python (manifest fingerprints), independently of the Swift code.
@Suite("BitBox02 device-side firmware hash")
struct BitBox02FirmwareHashTests {
    @Test func firmwareHashEqualsTheGeneratorsValue() throws {
        var checked = 0
        for entry in try TestImages.manifest() where entry.vendor == "bitbox02" && entry.parse {
            let hashes = try BitBox02FirmwareHash.expectedHashes(signedImage: try TestImages.bytes(entry))
            if let fingerprint = entry.fingerprint {
                #expect(hashes.firmware.hexString == fingerprint, "\(entry)")
                checked += 1
            }
            #expect(hashes.signingKeys.count == 32)
        }
        #expect(checked >= 4)
        #expect(throws: FirmwareFormatError.self) { try BitBox02FirmwareHash.expectedHashes(signedImage: [1, 2, 3]) }
    }
}
