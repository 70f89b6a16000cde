import CustosCrypto
import CustosTestSupport
import Foundation
import QR
import Testing

/// Frames drawn by libqrencode and written by Custos's PNG writer, read back by independent decoders: zbar
/// (through Custos's PNG reader, and through `zbarimg`, which reads PNGs with ImageMagick) and zxing-cpp (PNGs
/// read by Pillow).
@Suite("QR rendering and scanning")
struct RenderScanTests {
    static let psbtFile = "qr/bbqr/test_data/1in20out.psbt"

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Parts of the test PSBT in both formats, drawn and written as PNG files.
    static func frames(_ format: QRTransportFormat, in folder: URL) throws -> (parts: [String], files: [URL]) {
        let psbt = Array(try SharedVectors.data(psbtFile))
        let parts = try QRFileEncoder.parts(psbt, kind: .psbt, format: format, maximumVersion: 10)
        let symbols = try QRSymbol.series(parts)
        #expect(Set(symbols.map(\.version)).count == 1, "one version for the whole animation")
        var files: [URL] = []
        for (index, symbol) in symbols.enumerated() {
            let url = folder.appendingPathComponent("\(format.rawValue)-\(index).png")
            try Data(try PNG.encode(GrayImage(symbol, scale: 4))).write(to: url)
            files.append(url)
        }
        return (parts, files)
    }

    @Test(
        "PNG frames scan back with zbar (library) and reassemble byte-identically",
        arguments: QRTransportFormat.allCases)
    func zbarLibraryRoundTrip(format: QRTransportFormat) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (parts, files) = try Self.frames(format, in: folder)
        #expect(parts.count > 1)
        var scanned: [String] = []
        for file in files { scanned += try QRScanner.scanPNG(Array(try Data(contentsOf: file))) }
        #expect(scanned == parts)
        #expect(try QRAssembler.assemble(scanned.reversed()).bytes == Array(try SharedVectors.data(Self.psbtFile)))
    }

    @Test(
        "PNG frames read by zbarimg (ImageMagick's PNG reader) give the parts exactly",
        arguments: QRTransportFormat.allCases)
    func zbarimgRoundTrip(format: QRTransportFormat) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (parts, files) = try Self.frames(format, in: folder)
        for (part, file) in zip(parts, files) {
            let outcome = try CustosBinary.run(
                ["--raw", "-q", "-Sdisable", "-Sqrcode.enable", file.path],
                executable: URL(fileURLWithPath: "/usr/bin/zbarimg"))
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(outcome.standardOutput == part + "\n")
        }
    }

    @Test(
        "PNG frames decode with zxing-cpp (second decoder) to the parts exactly", arguments: QRTransportFormat.allCases)
    func zxingRoundTrip(format: QRTransportFormat) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (parts, files) = try Self.frames(format, in: folder)
        let outcome = try PythonOracle.run(script: "Tests/QRTests/Oracles/zxing_read.py", files.map(\.path))
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let decoded = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [[String]]
        #expect(decoded == parts.map { [$0] })
    }

    @Test("Custos's PNG reader and zbar read a frame written by the qrencode command")
    func readsQrencodePNG() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let part = "UR:CRYPTO-PSBT/1-3/LPADAXCFAXVLCYMWMSLUGSHKADGSHKAXVTJOJKIDJYZMADAEZCZ"
        let file = folder.appendingPathComponent("qrencode.png")
        let outcome = try CustosBinary.run(
            ["-l", "L", "-s", "4", "-m", "4", "-o", file.path, part],
            executable: URL(fileURLWithPath: "/usr/bin/qrencode"))
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(try QRScanner.scanPNG(Array(try Data(contentsOf: file))) == [part])
    }

    @Test("terminal frames: half blocks, quiet zone, dark on light")
    func terminal() throws {
        let symbol = try QRSymbol(text: "B$HU010048656C6C6F")
        let text = QRTerminal.render(symbol, colours: false)
        let lines = text.split(separator: "\n")
        #expect(lines.count == (symbol.width + 8 + 1) / 2)
        #expect(lines.allSatisfy { $0.count == symbol.width + 8 })
        #expect(lines.first?.allSatisfy { $0 == " " } == true)  // quiet zone
        // Finder pattern: the top-left module row 0 is dark, row 1 column 1 is light.
        let third = Array(lines[2])
        #expect(third[4] == "\u{2588}" || third[4] == "\u{2580}")
        #expect(QRTerminal.render(symbol).hasPrefix("\u{1b}[30;47m"))
    }

    @Test("malformed PNGs are refused, not crashed on")
    func malformedPNG() throws {
        let symbol = try QRSymbol(text: "HELLO")
        var png = try PNG.encode(GrayImage(symbol))
        #expect(throws: QRCodecError.self) { try PNG.decode(Array(png.prefix(30))) }
        png[png.count - 20] ^= 0xff
        #expect(throws: QRCodecError.self) { try PNG.decode(png) }
        #expect(throws: QRCodecError.self) { try PNG.decode(Array("not a png".utf8)) }
        #expect(throws: QRCodecError.self) { try QRSymbol(text: String(repeating: "A", count: 5000)) }
    }

    @Test("the animated HTML page renders in headless Chromium and its screenshot scans as one of the parts")
    func htmlInChromium() throws {
        let chromium = URL(fileURLWithPath: "/usr/bin/chromium")
        guard FileManager.default.isExecutableFile(atPath: chromium.path) else {
            Issue.record("chromium is not installed: `make deps` installs it (Debian package chromium)")
            return
        }
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let psbt = Array(try SharedVectors.data(Self.psbtFile))
        let parts = try QRFileEncoder.parts(psbt, kind: .psbt, format: .bbqr, maximumVersion: 10)
        let page = QRAnimationPage.html(
            symbols: try QRSymbol.series(parts), title: "test", framePeriodMilliseconds: 10_000, modulePixels: 6)
        #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("src="))
        let html = folder.appendingPathComponent("page.html")
        try Data(page.utf8).write(to: html)
        let profile = folder.appendingPathComponent("profile").path
        let base = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)"]
        let dump = try CustosBinary.run(base + ["--dump-dom", html.absoluteString], executable: chromium)
        #expect(dump.status == 0, "\(dump.standardError)")
        // The script ran: it recorded the frame count on <body>.
        #expect(dump.standardOutput.contains("data-frames=\"\(parts.count)\""))
        let screenshot = folder.appendingPathComponent("shot.png")
        let shot = try CustosBinary.run(
            base + ["--screenshot=\(screenshot.path)", "--window-size=800,900", html.absoluteString],
            executable: chromium)
        #expect(shot.status == 0, "\(shot.standardError)")
        // Headless Chromium may advance the animation before it shoots: any one whole frame is right.
        let scanned = try QRScanner.scanPNG(Array(try Data(contentsOf: screenshot)))
        #expect(scanned.count == 1 && parts.contains(scanned.first ?? ""), "\(scanned)")
    }
}
