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
