internal import CustosCrypto
internal import CustosSupport

/// Where a case runs: resolves the files it references (relative to the case file's folder, or absolute), reads
/// them within a limit, checks their pinned SHA-256 and records them as evidence.
struct CaseContext: Sendable {
    /// Absolute folder of the case file.
    let caseFolder: String

    struct InputFile: Sendable {
        let path: String
        let bytes: [UInt8]
        let sha256: String
    }

    /// Reads the file `reference` named in `field`. A missing or unreadable file, or one whose SHA-256 differs from
    /// `pinnedSHA256`, fails the case (whatever verdict it expected).
    func read(
        _ field: String, _ reference: String, pinnedSHA256: String?, limit: Int
    ) throws(LabCaseError) -> InputFile {
        guard !reference.isEmpty else { throw .invalidField("\(field) is empty") }
        let path = LabSuite.absolute(reference, from: caseFolder)
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.regularFileContents(of: path, limit: limit)
        } catch {
            throw .reading(error, field: field, reference: reference)
        }
        let digest = SHA256.hash(bytes).hexString
        if let pinnedSHA256 {
            let pinned = try Self.hex(pinnedSHA256, field: field + "_sha256", byteCount: 32)
            guard pinned == digest else {
                throw .inputChanged(field: field, path: path, expected: pinned, actual: digest)
            }
        }
        return InputFile(path: path, bytes: bytes, sha256: digest)
    }

    /// The folder `reference` named in `field`, which must exist and, when given, hold `subfolder`.
    func folder(_ field: String, _ reference: String, containing subfolder: String?) throws(LabCaseError) -> String {
        guard !reference.isEmpty else { throw .invalidField("\(field) is empty") }
        let path = LabSuite.absolute(reference, from: caseFolder)
        let required = subfolder.map { path + "/" + $0 } ?? path
        guard LocalFile.isFolder(required) else {
            throw .missingFile(field: field, reference: reference, path: required)
        }
        return path
    }

    /// Lowercase hex of exactly `byteCount` bytes (any count when nil), or an invalid-field failure.
    static func hex(_ text: String, field: String, byteCount: Int? = nil) throws(LabCaseError) -> String {
        guard let bytes = [UInt8](hex: text), byteCount.map({ bytes.count == $0 }) ?? true else {
            let size = byteCount.map { " of \($0) bytes" } ?? ""
            throw .invalidField("\(field) must be hex\(size), got '\(text.prefix(80))'")
        }
        return bytes.hexString
    }
}
