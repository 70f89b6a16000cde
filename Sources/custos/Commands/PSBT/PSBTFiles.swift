internal import Bitcoin
internal import BitcoinPSBT
internal import Custody
internal import CustosSupport

/// Reading and writing PSBT files for the `psbt` commands, and the exit status of each PSBT failure.
enum PSBTFiles {
    static func read(_ path: String) throws -> PSBT {
        var decoder = PSBTDecoder()
        return try read(path, decoder: &decoder)
    }

    /// Reads with a shared decoder, so cosigners' copies parse each public key once.
    static func read(_ path: String, decoder: inout PSBTDecoder) throws -> PSBT {
        try read(path, bytes: try FileIO.readInput(path), decoder: &decoder)
    }

    /// Decodes bytes already read from `path` (when the caller also needs them, e.g. for the audit log).
    static func read(_ path: String, bytes: [UInt8]) throws -> PSBT {
        var decoder = PSBTDecoder()
        return try read(path, bytes: bytes, decoder: &decoder)
    }

    static func read(_ path: String, bytes: [UInt8], decoder: inout PSBTDecoder) throws -> PSBT {
        // A file of QR part strings (BBQr, UR, pMofN; one per line) is reassembled first.
        let bytes = try QRPartsFile.psbtBytes(bytes) ?? bytes
        do {
            return try decoder.decode(detecting: bytes)
        } catch {
            throw PSBTFileFailure(path: path == "-" ? "standard input" : path, error: error)
        }
    }

    /// Reads and decodes `path` as one file of the ceremony (its bytes kept for the audit log).
    static func ceremonyFile(_ path: String, decoder: inout PSBTDecoder) throws -> CeremonyFile {
        let bytes = try FileIO.readInput(path)
        return CeremonyFile(name: path, bytes: bytes, psbt: try read(path, bytes: bytes, decoder: &decoder))
    }

    static func write(_ psbt: PSBT, options: PSBTOutputOptions) throws {
        let bytes = options.binary ? psbt.serialized() : Array((psbt.base64 + "\n").utf8)
        try FileIO.writeAtomically(bytes, to: options.output ?? "-")
    }
}

/// A file that is not a valid PSBT (exit 2).
struct PSBTFileFailure: CodedFailure {
    let path: String
    let error: PSBTDecodingError

    var code: FailureCode { error.code }
    var message: String { "\(path): not a valid PSBT: \(error)" }
    var context: [(key: String, value: String)] { [("file", path)] + error.context }
    var description: String { message }
}
