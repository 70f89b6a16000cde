/// What a BitBox02 bootloader reports as the hashes of its installed firmware, computed on the host from an
/// approved signed image, so the device's answer can be compared with it.
///
/// The bootloader's "get hashes" call returns the firmware hash M_fw (SHA-256d of the version counter and the
/// firmware padded with 0xFF to the whole firmware area; since the 2026 bootloader, SHA-256 with the product id in
/// front) and the signing-keys hash M_keys. Unlike Trezor's answer it takes no challenge, so it proves which image
/// is installed only as far as the bootloader itself is trusted.
public enum BitBox02FirmwareHash {
    public struct Hashes: Sendable, Equatable {
        public let firmware: [UInt8]
        public let signingKeys: [UInt8]
    }

    /// The hashes for a signed image (`*.signed.bin`); throws for bytes that are not one.
    public static func expectedHashes(signedImage: [UInt8]) throws(FirmwareFormatError) -> Hashes {
        guard signedImage.count >= 4, let product = BitBox02Product(magic: Array(signedImage[0..<4])) else {
            throw .unrecognised(firstBytes: signedImage.prefix(4).map { String($0, radix: 16) }.joined(separator: " "))
        }
        let image = try BitBox02Firmware(signedImage, product: product)
        return Hashes(firmware: image.firmwareMessage, signingKeys: image.keysMessage)
    }
}
