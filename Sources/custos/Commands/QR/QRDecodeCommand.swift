internal import ArgumentParser
internal import CustosCrypto
internal import QR

/// `custos qr decode [PART...] [--parts FILE] [--image PNG...] -o OUT`
struct QRDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Reassemble a file from QR part strings or scanned PNG images.",
        discussion: """
            Accepts BBQr (H, 2, Z), UR 2.0 (crypto-psbt, psbt, bytes; single, multi-part and rateless parts in any \
            order, repeats welcome), Specter pMofN and single-QR base64 or hex PSBTs. Exit 1 with the number of \
            parts still missing while incomplete (nothing is written), and for parts of two different series; \
            exit 2 for a malformed part. When complete, the file is written atomically and its kind, size and \
            SHA-256 are printed (compare the fingerprint on both screens: a QR checksum is integrity, not \
            authenticity).
            """
    )

    @Argument(help: "Part strings, as scanned.")
    var parts: [String] = []

    @Option(name: .customLong("parts"), help: "A file of part strings, one per line (- for standard input).")
    var partFiles: [String] = []

    @Option(name: .customLong("image"), parsing: .upToNextOption, help: "PNG images to scan with zbar.")
    var images: [String] = []

    @Option(name: [.customShort("o"), .customLong("output")], help: "Where to write the file (- for stdout).")
    var output: String

    func validate() throws {
        guard !parts.isEmpty || !partFiles.isEmpty || !images.isEmpty else {
            throw ValidationError("give part strings, --parts FILE or --image PNG")
        }
    }

    func run() throws {
        var assembler = QRAssembler()
        var texts = parts
        for file in partFiles {
            texts += QRPartsFile.lines(try FileIO.readInput(file, limit: QRLimits.maximumFileBytes * 3))
        }
        for image in images {
            let found = try QRScanner.scanPNG(try FileIO.readInput(image))
            guard !found.isEmpty else { throw QRCodecError.cannotScan("\(image): no QR code found") }
            texts += found
        }
        for text in texts where !text.isEmpty {
            if assembler.isComplete { break }
            try assembler.add(text)
        }
        let payload = try assembler.result()
        try FileIO.writeAtomically(payload.bytes, to: output)
        let line =
            "complete: \(payload.kind.rawValue) from \(payload.format.rawValue) (\(payload.declaredType)), "
            + "\(payload.bytes.count) bytes, sha256 \(SHA256.hash(payload.bytes).hexString)"
        if output == "-" { CommandRunner.printError(line) } else { print(line) }
    }
}

/// Files of QR part strings, one per line, wherever Custos reads a PSBT.
enum QRPartsFile {
    /// The non-empty lines of a text file.
    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { String($0.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
            .filter { !$0.isEmpty }
    }

    /// When `bytes` is a text file of BBQr, UR or pMofN parts (its first line says so), the PSBT they carry;
    /// nil for anything else (binary or base64 PSBTs go on to the PSBT decoder unchanged).
    static func psbtBytes(_ bytes: [UInt8]) throws -> [UInt8]? {
        guard !bytes.starts(with: [0x70, 0x73, 0x62, 0x74, 0xff]) else { return nil }
        let first = bytes.prefix(64).split(whereSeparator: { $0 == 0x0a || $0 == 0x0d }).first ?? []
        let firstLine = String(decoding: first, as: UTF8.self)
        switch QRPayloadFormat.detect(firstLine.trimmingCharacters(in: " \t")) {
        case .bbqr, .urSingle, .urMulti, .urLegacy, .specterPMofN: break
        default: return nil
        }
        let payload = try QRAssembler.assemble(lines(bytes))
        guard payload.kind == .psbt else {
            throw QRCodecError.unrecognisedPayload("the QR parts carry a \(payload.kind.rawValue), not a PSBT")
        }
        return payload.bytes
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
