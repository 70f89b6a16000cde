internal import CustosSupport

/// The CLI's file conventions over CustosSupport's `LocalFile`: `-` names standard input or output, and every input
/// has a ceiling. POSIX calls only, so the CLI keeps Foundation off its start-up path.
enum FileIO {
    /// Default ceiling for an input file: far above any PSBT, manifest or firmware image Custos reads.
    static let defaultReadLimit = 256 * 1024 * 1024

    /// Reads a whole file, or standard input for `-`. Refuses (exit 2) a file larger than `limit` bytes without
    /// reading past the limit.
    static func readInput(_ path: String, limit: Int = defaultReadLimit) throws(FileError) -> [UInt8] {
        try LocalFile.contents(ofInput: path, limit: limit)
    }

    /// Writes `bytes` to `path` atomically (see `LocalFile.writeAtomically`); `-` writes to standard output.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(FileError) {
        if path == "-" {
            try StandardStream.output.write(bytes)
        } else {
            try LocalFile.writeAtomically(bytes, to: path)
        }
    }
}

/// A file that could not be read ends the run with exit 2 (the input is unusable), one that could not be written
/// with exit 1.
extension FileError: CustosFailure {
    var exitStatus: ExitStatus {
        switch self {
        case .missing, .cannotOpen, .notARegularFile, .tooLarge, .cannotRead, .changedWhileReading:
            return .unparsable
        case .cannotLock, .cannotCreateTemporaryFile, .cannotWrite, .cannotCreateFolder, .notAFolder:
            return .rejected
        }
    }

    var message: String {
        switch self {
        case .missing, .cannotOpen, .notARegularFile, .cannotRead, .changedWhileReading:
            return "cannot read \(path): \(reason)"
        case .tooLarge(let path, let limit): return "\(path) is larger than \(limit) bytes; refusing to read it"
        case .cannotCreateTemporaryFile, .cannotWrite: return "cannot write \(path): \(reason)"
        case .cannotLock, .cannotCreateFolder, .notAFolder: return description
        }
    }
}
