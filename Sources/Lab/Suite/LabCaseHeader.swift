/// The fields every case file has, whatever its kind (Vectors/README.md, "Case files").
struct LabCaseHeader: Decodable, Sendable {
    /// The case file format this build reads. A file of another version fails with the reason.
    static let formatVersion = 1
    /// Top-level field names a case file may use.
    static let fieldNames: Set<String> = [
        "format", "id", "kind", "description", "provenance", "skip", "input", "expected",
    ]

    let format: Int
    let id: String
    let kind: String
    let description: String
    let provenance: String
    /// Present: the case is reported as skipped with this reason instead of being run.
    let skip: String?

    /// The checks a header must pass beyond its types.
    func validate() throws(LabCaseError) {
        guard format == Self.formatVersion else { throw .unsupportedFormat(format) }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-")
        guard !id.isEmpty, id.count <= 200, id.allSatisfy({ allowed.contains($0) }) else {
            throw .invalidField("id '\(id)' must be 1 to 200 letters, digits, '.', '_', '/' or '-'")
        }
        guard !description.trimmed.isEmpty else { throw .invalidField("description is empty") }
        guard !provenance.trimmed.isEmpty else { throw .invalidField("provenance is empty") }
        if let skip, skip.trimmed.isEmpty { throw .invalidField("skip needs a reason") }
    }
}

extension String {
    var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
