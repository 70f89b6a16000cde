internal import CQREncode
internal import Glibc

/// One QR symbol drawn by libqrencode at error-correction level L: a square of modules, dark or light.
public struct QRSymbol: Equatable, Sendable {
    public let version: Int
    /// Modules per side.
    public let width: Int
    /// Row-major, true = dark.
    public let modules: [Bool]

    /// Encodes `text` at `minimumVersion` or the smallest larger version that holds it (libqrencode splits the
    /// text into numeric, alphanumeric and 8-bit segments; case is kept).
    public init(text: String, minimumVersion: Int = 0) throws(QRCodecError) {
        guard (0...40).contains(minimumVersion) else { throw .cannotRender("QR versions are 1 to 40") }
        guard !text.utf8.contains(0) else { throw .cannotRender("the text contains a NUL character") }
        errno = 0
        guard let code = QRcode_encodeString(text, Int32(minimumVersion), QR_ECLEVEL_L, QR_MODE_8, 1) else {
            throw .cannotRender(errno == ERANGE ? "too long for a version-40 QR code" : "libqrencode errno \(errno)")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        version = Int(code.pointee.version)
        self.width = width
        // Bit 0 of each byte: dark module.
        modules = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
    }

    public func isDark(row: Int, column: Int) -> Bool {
        row >= 0 && column >= 0 && row < width && column < width && modules[row * width + column]
    }

    /// Draws every text at one version (the largest any of them needs), so an animation does not jump in size.
    public static func series(_ texts: [String], minimumVersion: Int = 0) throws(QRCodecError) -> [QRSymbol] {
        var version = minimumVersion
        for text in texts { version = max(version, try QRSymbol(text: text, minimumVersion: minimumVersion).version) }
        var symbols: [QRSymbol] = []
        for text in texts {
            let symbol = try QRSymbol(text: text, minimumVersion: version)
            symbols.append(symbol)
        }
        return symbols
    }

    /// The libqrencode version string, for logs.
    public static var libraryVersion: String { String(cString: QRcode_APIVersionString()) }
}
