import CustosSupport
import Lab
import Testing

@Suite("Lab failure codes")
struct LabFailureCodeTests {
    @Test func aMissingVectorsFolderIsMalformedInput() {
        let error = #expect(throws: LabSuiteError.self) { try LabSuite.discover(at: "/nonexistent/custos-vectors") }
        #expect(error?.code.name == "lab.suite.missing")
        #expect(error?.category == .malformed)
    }

    @Test func caseFileFailuresNameTheirField() {
        let changed = LabCaseError.inputChanged(field: "input.image", path: "a.bin", expected: "00", actual: "11")
        #expect(changed.code.name == "lab.case.input-changed" && changed.category == .refused)
        #expect(changed.context.map(\.key) == ["field", "file"])
        #expect(LabCaseError.unsupportedKind("x", specified: false, implemented: []).category == .unsupported)
        #expect(LabRunFailure(failed: 2, of: 5).message == "2 of 5 cases failed")
    }
}
