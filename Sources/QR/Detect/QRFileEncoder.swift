internal import Bitcoin
internal import CustosCrypto

/// The two animated-QR framings Custos writes.
public enum QRTransportFormat: String, Sendable, CaseIterable {
    /// Coinkite BBQr (Coldcard Q reads only this).
    case bbqr
    /// Blockchain Commons UR, `UR:CRYPTO-PSBT` upper case for PSBTs (Jade, Passport, Keystone, SeedSigner…).
    case ur

    /// The default densest version: v25 for BBQr (Coldcard Q's middle size), v12 for UR (hardware cameras).
    public var defaultMaximumVersion: Int { self == .bbqr ? 25 : 12 }
}

/// Turns a file into the part strings of one QR series.
public enum QRFileEncoder {
    /// Classifies a file and returns the bytes that travel: a binary PSBT (base64 or hex PSBT text is decoded
    /// first), a binary transaction (hex text decoded), UTF-8 text, or opaque binary.
    public static func classify(_ file: [UInt8]) -> (kind: QRFileKind, bytes: [UInt8]) {
        if file.starts(with: QRFileKind.psbtMagic) { return (.psbt, file) }
        let text = String(decoding: file, as: UTF8.self).trimmingASCIIWhitespace
        if let bytes = Base64.decode(Array(text.utf8)), bytes.starts(with: QRFileKind.psbtMagic) {
            return (.psbt, bytes)
        }
        if let bytes = [UInt8](hex: text) {
            if bytes.starts(with: QRFileKind.psbtMagic) { return (.psbt, bytes) }
            if bytes.starts(with: [1, 0, 0, 0]) || bytes.starts(with: [2, 0, 0, 0]) { return (.transaction, bytes) }
        }
        if String(validating: file, as: UTF8.self) != nil {
            let trimmed = text.first
            return (trimmed == "{" || trimmed == "[" ? .json : .text, file)
        }
        return (.binary, file)
    }

    /// Converts file bytes to the bytes of `kind` (a PSBT or transaction given as text is decoded to binary).
    public static func bytes(_ file: [UInt8], as kind: QRFileKind) throws(QRCodecError) -> [UInt8] {
        let classified = classify(file)
        switch kind {
        case .psbt, .transaction:
            guard classified.kind == kind else {
                throw .unrecognisedPayload(
                    "the file is not a \(kind == .psbt ? "PSBT" : "transaction") (binary, base64 or hex)")
            }
            return classified.bytes
        case .json, .text, .cbor, .binary: return file
        }
    }

    /// The parts of `bytes` (already of `kind`) at QR versions up to `maximumVersion`: BBQr with the reference
    /// splitter (Z, falling back to 2), or a UR (`crypto-psbt` for PSBTs, else `bytes`) whose parts are upper-cased
    /// so they stay in alphanumeric mode. A UR stream is its seqLen fixed-rate parts (a loop of them).
    public static func parts(
        _ bytes: [UInt8], kind: QRFileKind, format: QRTransportFormat, maximumVersion: Int
    ) throws(QRCodecError) -> [String] {
        guard (1...40).contains(maximumVersion) else { throw .cannotRender("QR versions are 1 to 40") }
        guard !bytes.isEmpty else { throw .unrecognisedPayload("an empty file") }
        guard bytes.count <= QRLimits.maximumFileBytes else { throw .tooLarge("\(bytes.count) bytes") }
        switch format {
        case .bbqr:
            let type: BBQrFileType
            switch kind {
            case .psbt: type = .psbt
            case .transaction: type = .transaction
            case .json: type = .json
            case .text: type = .text
            case .cbor: type = .cbor
            case .binary: type = .binary
            }
            let options = BBQrSplitOptions(minimumVersion: min(5, maximumVersion), maximumVersion: maximumVersion)
            return try BBQrSplitter.split(bytes, fileType: type, options: options).parts
        case .ur:
            let type = kind == .psbt ? "crypto-psbt" : "bytes"
            let cbor = URPayload.cbor(for: bytes)
            let fragment = try urFragmentLength(type: type, messageLength: cbor.count, maximumVersion: maximumVersion)
            var encoder = UREncoder(type: type, cbor: cbor, maximumFragmentLength: fragment)
            return (0..<max(encoder.sequenceLength, 1)).map { _ in encoder.nextPart().uppercased() }
        }
    }

    /// The largest fragment whose upper-case part fits a version-`maximumVersion` QR in alphanumeric mode:
    /// prefix `UR:<TYPE>/<seqNum>-<seqLen>/`, then 2 letters per byte of the part CBOR (≤ 22 bytes of header)
    /// and its 4-byte CRC.
    static func urFragmentLength(type: String, messageLength: Int, maximumVersion: Int) throws(QRCodecError) -> Int {
        let capacity = QRCapacity.alphanumericL[maximumVersion - 1]
        let sequenceDigits = 2 * String(QRLimits.maximumURFragments).count + 2
        let available = (capacity - "ur:\(type)/".count - sequenceDigits) / 2 - 22 - 4
        guard available >= 10 else { throw .cannotRender("QR version \(maximumVersion) is too small for a UR part") }
        guard (messageLength + available - 1) / available <= QRLimits.maximumURFragments else {
            throw .tooLarge("more than \(QRLimits.maximumURFragments) UR fragments at QR version \(maximumVersion)")
        }
        return available
    }
}
