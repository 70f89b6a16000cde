internal import ArgumentParser
internal import CustosCrypto
internal import CustosSupport
internal import QR

/// `custos qr encode FILE [--format bbqr|ur] [--type auto|psbt|tx|text] [--max-version V] [--parts-out FILE]
/// [--png-dir DIR] [--html FILE] [--terminal]`
struct QREncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Split a file into QR part strings and draw them (PNG frames, HTML animation, terminal).",
        discussion: """
            BBQr (Coldcard Q) compresses with raw deflate (Z) and falls back to base32 (2) when that does not \
            shrink the file; UR writes UR:CRYPTO-PSBT for PSBTs and UR:BYTES otherwise, upper case so each part \
            stays in QR alphanumeric mode, as its seqLen fixed-rate parts. Every frame is drawn at one QR version \
            (ECC L, 4-module quiet zone). Without --parts-out, --png-dir, --html or --terminal the parts are \
            printed one per line. A summary (parts, QR version, SHA-256 of the file's bytes) goes to standard error.
            """
    )

    @Argument(help: "The file to send: a PSBT (binary, base64 or hex), a transaction, text or any file; - for stdin.")
    var file: String

    @Option(name: .long, help: "bbqr or ur (default ur; Coldcard Q reads only bbqr).")
    var format: String = "ur"

    @Option(name: .long, help: "auto, psbt, tx or text (default auto: detected from the bytes).")
    var type: String = "auto"

    @Option(name: .long, help: "Largest QR version of a frame, 5-40 (default 25 for bbqr, 12 for ur).")
    var maxVersion: Int?

    @Option(name: .long, help: "Write the part strings, one per line, to this file (atomically).")
    var partsOut: String?

    @Option(name: .long, help: "Write one PNG per part (part-001.png, ...) into this folder.")
    var pngDir: String?

    @Option(name: .long, help: "Write a self-contained animated HTML page (atomically).")
    var html: String?

    @Flag(name: .long, help: "Print every frame with half-block characters (dark on light).")
    var terminal = false

    @Option(name: .long, help: "Frame period of the HTML animation in milliseconds (default 250).")
    var frameMs: Int = 250

    @Option(name: .long, help: "Pixels per QR module in PNG frames and the HTML page (default 6).")
    var scale: Int = 6

    func validate() throws {
        guard QRTransportFormat(rawValue: format) != nil else { throw ValidationError("--format is bbqr or ur") }
        guard ["auto", "psbt", "tx", "text"].contains(type) else {
            throw ValidationError("--type is auto, psbt, tx or text")
        }
        if let maxVersion, !(5...40).contains(maxVersion) { throw ValidationError("--max-version is 5 to 40") }
        guard (50...10_000).contains(frameMs) else { throw ValidationError("--frame-ms is 50 to 10000") }
        guard (1...32).contains(scale) else { throw ValidationError("--scale is 1 to 32") }
    }

    func run() throws {
        let transport = QRTransportFormat(rawValue: format) ?? .ur
        let contents = try FileIO.readInput(file, limit: QRLimits.maximumFileBytes * 3)
        let kind: QRFileKind
        let bytes: [UInt8]
        switch type {
        case "psbt":
            (kind, bytes) = (.psbt, try QRFileEncoder.bytes(contents, as: .psbt))
        case "tx":
            (kind, bytes) = (.transaction, try QRFileEncoder.bytes(contents, as: .transaction))
        case "text":
            (kind, bytes) = (.text, contents)
        default:
            (kind, bytes) = QRFileEncoder.classify(contents)
        }
        let parts = try QRFileEncoder.parts(
            bytes, kind: kind, format: transport, maximumVersion: maxVersion ?? transport.defaultMaximumVersion)
        let drawing = pngDir != nil || html != nil || terminal
        let symbols = drawing ? try QRSymbol.series(parts) : []
        let version = symbols.first?.version ?? QRCapacity.smallestVersion(alphanumeric: parts.map(\.count).max() ?? 0)
        if let partsOut {
            try FileIO.writeAtomically(Array((parts.joined(separator: "\n") + "\n").utf8), to: partsOut)
        }
        if let pngDir {
            try LocalFile.makeFolder(pngDir)
            for (index, symbol) in symbols.enumerated() {
                let name = "part-" + String(index + 1).leftPadded(to: max(3, String(symbols.count).count)) + ".png"
                try LocalFile.writeAtomically(try PNG.encode(GrayImage(symbol, scale: scale)), to: pngDir + "/" + name)
            }
        }
        let title = "\(kind.rawValue) as \(transport == .bbqr ? "BBQr" : "UR"): \(parts.count) frames"
        if let html {
            let page = QRAnimationPage.html(
                symbols: symbols, title: title, framePeriodMilliseconds: frameMs, modulePixels: scale)
            try FileIO.writeAtomically(Array(page.utf8), to: html)
        }
        if terminal {
            for (index, symbol) in symbols.enumerated() {
                print(QRTerminal.render(symbol), terminator: "")
                print("frame \(index + 1) of \(symbols.count)\n")
            }
        } else if !drawing && partsOut == nil {
            print(parts.joined(separator: "\n"))
        }
        let versionText = version.map { "QR version \($0)" } ?? "QR version above 40"
        CommandRunner.printError(
            "\(parts.count) part\(parts.count == 1 ? "" : "s"), \(versionText), \(transport.rawValue) "
                + "\(kind.rawValue), \(bytes.count) bytes, sha256 \(SHA256.hash(bytes).hexString)")
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
