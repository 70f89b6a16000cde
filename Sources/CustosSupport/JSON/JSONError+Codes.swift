extension JSONError: CodedFailure {
    public enum Codes {
        public static let syntax = FailureCode(
            "json.syntax", .malformed, "Input is not strict JSON (syntax, duplicate key, depth or size limit).")
        public static let unencodable = FailureCode(
            "json.unencodable", .unsupported,
            "A value has no canonical JSON form (a number canonical JSON cannot write).")
    }

    public var code: FailureCode { location == nil ? Codes.unencodable : Codes.syntax }

    public var context: [(key: String, value: String)] {
        guard let location else { return [] }
        return [("line", String(location.line)), ("column", String(location.column))]
    }
}
