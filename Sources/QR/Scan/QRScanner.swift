internal import CZBar

/// Reads QR codes from grayscale images with zbar (only the QR decoder enabled, no charset conversion).
public enum QRScanner {
    /// Every QR payload zbar finds in `image`, as text (QR parts are ASCII).
    public static func scan(_ image: GrayImage) throws(QRCodecError) -> [String] {
        guard let scanner = zbar_image_scanner_create() else { throw .cannotScan("zbar scanner unavailable") }
        defer { zbar_image_scanner_destroy(scanner) }
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1)
        guard let zbarImage = zbar_image_create() else { throw .cannotScan("zbar image unavailable") }
        defer { zbar_image_destroy(zbarImage) }
        zbar_image_set_format(zbarImage, custos_zbar_format_y800())
        zbar_image_set_size(zbarImage, UInt32(image.width), UInt32(image.height))
        var results: [String] = []
        let found = image.pixels.withUnsafeBufferPointer { buffer -> Int32 in
            // No cleanup handler: the buffer outlives the scan, and the image is destroyed in this scope.
            zbar_image_set_data(zbarImage, buffer.baseAddress, UInt(buffer.count), nil)
            let status = zbar_scan_image(scanner, zbarImage)
            var symbol = zbar_image_first_symbol(zbarImage)
            while let current = symbol {
                if zbar_symbol_get_type(current) == ZBAR_QRCODE, let data = zbar_symbol_get_data(current) {
                    let length = Int(zbar_symbol_get_data_length(current))
                    let bytes = UnsafeRawBufferPointer(start: data, count: length)
                    results.append(String(decoding: bytes, as: UTF8.self))
                }
                symbol = zbar_symbol_next(current)
            }
            zbar_image_set_data(zbarImage, nil, 0, nil)
            return status
        }
        guard found >= 0 else { throw .cannotScan("zbar failed on the image") }
        return results
    }

    /// Scans a PNG file's bytes.
    public static func scanPNG(_ file: [UInt8]) throws(QRCodecError) -> [String] {
        try scan(try PNG.decode(file))
    }

    public static var libraryVersion: String {
        var major: UInt32 = 0
        var minor: UInt32 = 0
        var patch: UInt32 = 0
        zbar_version(&major, &minor, &patch)
        return "zbar \(major).\(minor).\(patch)"
    }
}
