internal import CustosCrypto
internal import CustosSupport
internal import FoundationEssentials

/// One case file, read and checked up to its kind-independent header.
struct CaseDocument: Sendable {
    /// Largest case file read: cases are small declarative files; their inputs live in files of their own.
    static let sizeLimit = 1024 * 1024

    /// Path relative to the suite folder.
    let file: String
    /// Absolute folder holding the file: its references are resolved from here.
    let folder: String
    let bytes: [UInt8]
    let sha256: String
    /// The file parsed strictly (duplicate names refused, errors with line and column), before typed decoding:
    /// its field names are checked so a typo ("fingreprint") fails the case instead of silently checking nothing.
    let fields: JSONObject
    let header: LabCaseHeader

    /// What could be learnt from a file that is not a runnable case, for its failed result.
    struct Broken: Error, Sendable {
        var file: String
        var sha256: String?
        var id: String?
        var kind: String?
        var description: String?
        var provenance: String?
        var error: LabCaseError
    }

    /// Reads `file` (relative to `root`) and checks its JSON and header.
    static func load(_ file: String, root: String) -> Result<CaseDocument, Broken> {
        let path = LabSuite.absolute(file, from: root)
        var broken = Broken(file: file, error: .unreadableCaseFile(""))
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.regularFileContents(of: path, limit: sizeLimit)
        } catch {
            switch error {
            case .missing: broken.error = .unreadableCaseFile("\(path) disappeared")
            case .notARegularFile: broken.error = .unreadableCaseFile("\(path) is not a regular file")
            default: broken.error = .unreadableCaseFile(error.reason)
            }
            return .failure(broken)
        }
        broken.sha256 = SHA256.hash(bytes).hexString
        let fields: JSONObject
        do {
            guard case .object(let object) = try JSONParser.parse(bytes) else {
                broken.error = .malformedJSON("the file is not a JSON object")
                return .failure(broken)
            }
            fields = object
        } catch {
            broken.error = .malformedJSON(error.positionedReason)
            return .failure(broken)
        }
        // Whatever names the file gives itself goes into the report, even when the rest is wrong.
        if case .string(let id)? = fields["id"] { broken.id = id }
        if case .string(let kind)? = fields["kind"] { broken.kind = kind }
        if case .string(let text)? = fields["description"] { broken.description = text }
        if case .string(let text)? = fields["provenance"] { broken.provenance = text }
        let header: LabCaseHeader
        do {
            let unknown = Set(fields.members.map(\.key)).subtracting(LabCaseHeader.fieldNames).sorted()
            guard unknown.isEmpty else { throw LabCaseError.invalidField(unknownFieldsText(unknown, in: nil)) }
            header = try JSONValueDecoder().decode(LabCaseHeader.self, from: .object(fields))
            try header.validate()
        } catch let error as LabCaseError {
            broken.error = error
            return .failure(broken)
        } catch {
            broken.error = .invalidField(explain(error))
            return .failure(broken)
        }
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        return .success(
            CaseDocument(
                file: file, folder: folder, bytes: bytes, sha256: SHA256.hash(bytes).hexString, fields: fields,
                header: header))
    }

    /// Refuses field names of the `section` object that its kind does not define; a missing section is left to
    /// the typed decoding, which names it.
    func requireKnownFields(in section: String, _ known: [String]) throws(LabCaseError) {
        guard let value = fields[section] else { return }
        guard case .object(let object) = value else { throw .invalidField("\(section) must be a JSON object") }
        let unknown = Set(object.members.map(\.key)).subtracting(known).sorted()
        guard unknown.isEmpty else {
            throw .invalidField(
                Self.unknownFieldsText(unknown, in: section) + " (\(header.kind) knows: "
                    + known.joined(separator: ", ") + ")")
        }
    }

    private static func unknownFieldsText(_ names: [String], in section: String?) -> String {
        let qualified = names.map { name in section.map { "\($0).\(name)" } ?? name }
        return "unknown field" + (names.count == 1 ? " " : "s ") + qualified.joined(separator: ", ")
    }

    /// A decoding error in the words a case author needs: which field, and what is wrong with it.
    static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            var text = ""
            for key in context.codingPath + (key.map { [$0] } ?? []) {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \(path(context, key))"
        case .valueNotFound(_, let context):
            return "field \(path(context)) is null"
        case .typeMismatch(let type, let context):
            return "field \(path(context)) must be \(typeName(type))"
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { ": \($0)" } ?? ""
            let field = context.codingPath.isEmpty ? "" : "field \(path(context)): "
            return field + context.debugDescription + underlying
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [String].Type: return "a list of strings"
        default: return "of type \(type)"
        }
    }
}
