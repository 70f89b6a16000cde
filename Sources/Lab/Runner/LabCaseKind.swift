internal import CustosSupport
internal import FoundationEssentials

/// One kind of case (Vectors/README.md): the shape of its `input` and `expected` objects and how to run it through
/// the engine's library code. Adding a kind is one file in `Kinds/` and one line in `CaseKinds.implemented`.
protocol LabCaseKind: Sendable {
    associatedtype Input: CaseFields
    associatedtype Expected: CaseFields

    /// The `kind` value of its case files.
    static var name: String { get }

    /// Runs one case. Throws only when the case cannot be run as written (bad field value, missing input file);
    /// any outcome of the engine, refusals included, is returned as checks and evidence.
    static func run(input: Input, expected: Expected, context: CaseContext) async throws(LabCaseError) -> CaseOutcome
}

/// An `input` or `expected` object: decodable, with its field names listed so unknown ones are refused.
protocol CaseFields: Decodable, Sendable {
    associatedtype CodingKeys: CodingKey & CaseIterable
}

extension LabCaseKind {
    /// Checks the field names of `document`, decodes `input` and `expected`, and runs the case.
    static func execute(_ document: CaseDocument, context: CaseContext) async throws(LabCaseError) -> CaseOutcome {
        try document.requireKnownFields(in: "input", Input.CodingKeys.allCases.map(\.stringValue))
        try document.requireKnownFields(in: "expected", Expected.CodingKeys.allCases.map(\.stringValue))
        let body: CaseBody<Input, Expected>
        do {
            body = try JSONValueDecoder().decode(CaseBody<Input, Expected>.self, from: .object(document.fields))
        } catch let error as DecodingError {
            throw .invalidField(CaseDocument.explain(error))
        } catch {
            throw .invalidField("\(error)")
        }
        return try await run(input: body.input, expected: body.expected, context: context)
    }
}

/// The kind-specific part of a case file.
struct CaseBody<Input: Decodable, Expected: Decodable>: Decodable {
    let input: Input
    let expected: Expected
}
